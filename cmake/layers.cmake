# The layers of src/ and the arrows between them (docs/architecture.md, "Layers"), as ONE table. Each folder
# src/<layer>/ is one static library, kvbench_<layer>, that links exactly the layers listed here.
# A layer's include root exposes only itself and what it links (transitively, since a header of
# a layer it uses may include that layer's own dependencies): `#include "report/x.h"` in a layer
# that may not use report/ fails with "No such file". tests/layers/ proves it in ctest.

# Layers every layer may use (docs/architecture.md: everything may use trace, stats, model, common).
# Among themselves each may use the ones before it, so the table stays free of cycles.
set(KVBENCH_SHARED_LAYERS common model trace stats)

# "<layer> -> <layers it may use>", besides the shared layers. A layer named nowhere uses only
# the shared ones. "*" means every layer. `main` is src/main.cpp (the kvbench executable). A
# layer whose folder does not exist yet (app/ until the app layer lands) is skipped.
set(KVBENCH_ARROWS
  "main     -> app"
  "app      -> *"
  # The tier backends declare their own flag rows (tiers/option_row.h) and cli turns them into
  # flags; their typed options are vocabulary (common/backend_options.h), which RunConfig holds.
  "cli      -> config tiers"
  # config.yaml's sections are the options of the layers that read them (workload's user
  # templates, RAG and conversation limits; the cache's eviction thresholds), declared in those
  # layers and aggregated by config/settings.h for the YAML loader. config sits above them
  # (app -> cli/config; no layer below includes config/), so this makes no cycle. Not
  # config -> engine: through config, cli would see the engine's internals; app/ copies the
  # engine's sections into engine::EngineOptions instead.
  "config   -> workload cache"
  "engine   -> workload cache"
  "cache    -> tiers datagen"
  # `kvbench replay` drives the levels without a cache: trace rows become tier operations
  # through the timed boundary (tiers/timed_tier.h), with payloads from datagen.
  "replay   -> tiers datagen"
  # convert/ (kvbench convert) reads traces and writes replay tools' inputs: the shared layers
  # alone, so it is named here only by its probe below.
)

# TEMPORARY exceptions: today's violations of the arrows above, each with what removes it. Delete a
# line once its branch is merged; configure warns when a line is no longer needed (no file of the
# layer includes the other one any more). Never add a line here for new code: fix the design.
# None today: the last ones (engine, workload, cache, stats, report, server -> config) went when
# each layer took an options struct of its own (issue 13 item 8).
set(KVBENCH_ARROW_EXCEPTIONS
)

# Deliberately wrong includes that must NOT compile, checked by ctest (tests/layers): "<layer>
# <header>". Each is a rule docs/architecture.md states; add one (e.g. "engine report/results_json.h") once
# the exception that allows it today is gone.
set(KVBENCH_LAYER_PROBES
  "tiers    cache/multi_tier_cache.h"      # tiers never know about eviction
  "cache    workload/request.h"            # cache never knows about users
  "workload tiers/tier.h"                  # workload never does I/O
  "report   engine/clock.h"                # report never reads the engine's internals
  "server   engine/clock.h"
  "common   model/model_spec.h"            # common is the bottom: it uses nothing
  "engine   report/results_json.h"         # the engine returns an outcome; app/ reports it
  "engine   server/http_server.h"
  "cli      engine/clock.h"                # cli only turns flags into a RunConfig
  # No layer below app/ reads how flags and YAML are parsed: each takes the options it reads.
  "engine   config/run_config.h"
  "report   config/run_config.h"
  "workload config/settings.h"
  "cache    config/settings.h"
  "stats    config/run_config.h"
  "server   config/run_config.h"
  "replay   cache/multi_tier_cache.h"     # a replay drives tiers, never the cache's waterfall
  "replay   engine/clock.h"               # nor the engine: app/ hands it the stop signal
  "convert  tiers/tier.h"                  # a conversion writes files, it does no tier I/O
)
