# ctest script (cmake -P): proves that the build enforces cmake/layers.cmake's arrows. For each
# probe "<layer> <header>" it compiles, with exactly the include directories of kvbench_<layer>, a
# file that includes <header>, which <layer> may not use: the compile must FAIL, and because
# <header> is not found. The same file first checks (__has_include) that one of <layer>'s own
# headers is visible, so a broken setup cannot pass for an enforced layer.
# It also fails when a file of src/ climbs out of its folder (#include "../...") or when a
# layer's include path holds src/ itself: either would bypass the per-layer include roots.
# Inputs (-D): CXX, SOURCE_DIR, PROBE_DIR (holds probes.cmake and <layer>.includes from
# tests/CMakeLists.txt).
foreach(v CXX SOURCE_DIR PROBE_DIR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_layers.cmake: -D${v}= is missing")
  endif()
endforeach()
include("${PROBE_DIR}/probes.cmake")  # sets KVBENCH_LAYER_PROBES
set(failures 0)

function(compile_probe layer own forbidden out_rc out_text)
  file(READ "${PROBE_DIR}/${layer}.includes" dirs)
  string(STRIP "${dirs}" dirs)
  set(flags "")
  foreach(d IN LISTS dirs)
    list(APPEND flags "-I${d}")
    if(d STREQUAL "${SOURCE_DIR}/src" OR d STREQUAL "${SOURCE_DIR}/src/")
      message(SEND_ERROR "kvbench_${layer} has src/ itself on its include path: every layer is visible")
    endif()
  endforeach()
  string(MAKE_C_IDENTIFIER "${layer}_${forbidden}" stem)
  set(tu "${PROBE_DIR}/${stem}.cpp")
  file(WRITE "${tu}" "// Written by tests/layers/check_layers.cmake.
#if !__has_include(\"${own}\")
#error \"probe setup broken: ${layer}/ cannot see its own ${own}\"
#endif
#include \"${forbidden}\"
")
  execute_process(COMMAND "${CXX}" -std=c++20 -fsyntax-only ${flags} "${tu}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(${out_rc} "${rc}" PARENT_SCOPE)
  set(${out_text} "${out}" PARENT_SCOPE)
endfunction()

foreach(probe IN LISTS KVBENCH_LAYER_PROBES)
  string(REGEX MATCH "^ *([a-z_]+) +([^ ]+) *$" _ "${probe}")
  set(layer "${CMAKE_MATCH_1}")
  set(forbidden "${CMAKE_MATCH_2}")
  if(NOT EXISTS "${SOURCE_DIR}/src/${forbidden}")
    message(SEND_ERROR "probe '${probe}': src/${forbidden} does not exist, so the probe proves nothing")
    math(EXPR failures "${failures} + 1")
    continue()
  endif()
  file(GLOB own RELATIVE "${SOURCE_DIR}/src" "${SOURCE_DIR}/src/${layer}/*.h")
  list(SORT own)
  list(GET own 0 own)

  compile_probe(${layer} "${own}" "${forbidden}" rc out)
  string(REPLACE "." "\\." pattern "${forbidden}")
  if(rc EQUAL 0)
    message(SEND_ERROR "LAYER VIOLATION COMPILES: ${layer}/ can include ${forbidden}")
    math(EXPR failures "${failures} + 1")
  elseif(out MATCHES "probe setup broken" OR
         NOT out MATCHES "${pattern}'?:? (No such file or directory|file not found)")
    message(SEND_ERROR "probe '${probe}': the compile failed, but not because ${forbidden} is "
                       "hidden:\n${out}")
    math(EXPR failures "${failures} + 1")
  else()
    message(STATUS "ok: ${layer}/ sees its own ${own}, not ${forbidden}")
  endif()
endforeach()

file(GLOB_RECURSE sources "${SOURCE_DIR}/src/*.h" "${SOURCE_DIR}/src/*.cpp")
foreach(f IN LISTS sources)
  file(STRINGS "${f}" climbs REGEX "^ *# *include *[\"<]\\.\\./")
  if(climbs)
    message(SEND_ERROR "${f}: #include \"../\" bypasses the layer include roots: ${climbs}")
    math(EXPR failures "${failures} + 1")
  endif()
endforeach()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} layer check(s) failed")
endif()
