# The layers of src/ and the arrows between them (DESIGN.md "Layout"), as ONE table. Each folder
# src/<layer>/ is one static library, kvbench_<layer>, that links exactly the layers listed here.
# A layer's include root exposes only itself and what it links (transitively, since a header of
# a layer it uses may include that layer's own dependencies): `#include "report/x.h"` in a layer
# that may not use report/ fails with "No such file". tests/layers/ proves it in ctest.

# Layers every layer may use (DESIGN: "everything may use trace, stats, model, common").
# Among themselves each may use the ones before it, so the table stays free of cycles.
set(KVBENCH_SHARED_LAYERS common model trace stats)

# "<layer> -> <layers it may use>", besides the shared layers. A layer named nowhere uses only
# the shared ones. "*" means every layer. `main` is src/main.cpp (the kvbench executable). A
# layer whose folder does not exist yet (app/ until the app layer lands) is skipped.
set(KVBENCH_ARROWS
  "main     -> app"
  "app      -> *"
  "cli      -> config"
  "engine   -> workload cache"
  "cache    -> tiers datagen"
)

# TEMPORARY exceptions: today's violations of the arrows above, each with what removes it. Delete a
# line once its branch is merged; configure warns when a line is no longer needed (no file of the
# layer includes the other one any more). Never add a line here for new code: fix the design.
set(KVBENCH_ARROW_EXCEPTIONS
  # cli/app.cpp (run wiring, aggregate dispatch) moves to src/app/ (h-app, issue 13 item 1);
  # main.cpp then includes app/.
  "main     -> cli"
  "cli      -> engine report"
  # engine/benchmark.cpp, workload_run.h, load_monitor.h write the report; live_watch.cpp starts
  # the HTTP server: the run wiring moves to src/app/ (h-app, item 1).
  "engine   -> report server"
  # RunConfig and config/settings.h's enums: each layer takes its own options struct and the
  # vocabulary enums move to common/ (item 8; workload/ by h-layout).
  "engine   -> config"
  "workload -> config"
  "cache    -> config"
  "stats    -> config"
  "report   -> config"
  "server   -> config"
)

# Deliberately wrong includes that must NOT compile, checked by ctest (tests/layers): "<layer>
# <header>". Each is a rule DESIGN states; add one (e.g. "engine report/results_json.h") once
# the exception that allows it today is gone.
set(KVBENCH_LAYER_PROBES
  "tiers    cache/multi_tier_cache.h"      # tiers never know about eviction
  "cache    workload/request.h"            # cache never knows about users
  "workload tiers/tier.h"                  # workload never does I/O
  "report   engine/clock.h"                # report never reads the engine's internals
  "server   engine/clock.h"
  "common   model/model_spec.h"            # common is the bottom: it uses nothing
)
