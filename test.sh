#!/usr/bin/env bash
# Every check of parcours, as CI runs it (.ci/run): set-up, then Rust, Python and WebAssembly.
# A failing stage does not stop the later ones; the exit code is non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")"

target_dir=${CARGO_TARGET_DIR:-$PWD/target}
# What the Rust example prints for the seed networks: the binding tests compare with it.
export PARCOURS_RUST_SUMMARIES=$target_dir/parcours-summaries.json

# A CI run builds once: incremental caches would double target/debug for nothing (CI stop 21
# ran out of disk while linking tests).
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
fi

passed=()
failed=()

# stage NAME COMMAND...: runs COMMAND in a subshell with errexit (so a function stops at its
# first failing command), prints a header and the time taken, and records the outcome.
stage() {
  local name=$1 start=$SECONDS rc
  shift
  printf '\n==== %s ====\n' "$name"
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    passed+=("$name")
    printf -- '---- %s: ok (%ds)\n' "$name" $((SECONDS - start))
  else
    failed+=("$name")
    printf -- '---- %s: FAILED, exit %d (%ds)\n' "$name" "$rc" $((SECONDS - start))
  fi
}

rust_summaries() {
  rm -f "$PARCOURS_RUST_SUMMARIES"
  mkdir -p "$target_dir"
  cargo run --quiet -p parcours-examples --bin summarise -- --json >"$PARCOURS_RUST_SUMMARIES"
}

python_tests() {
  scripts/build-python.sh
  # The Spark, Dask and DuckDB tests must run here, not skip (setup.sh scale installs them).
  PARCOURS_REQUIRE_EXTRAS=1 .venv/bin/python -m pytest -q bindings-python/tests
  .venv/bin/python -m mypy.stubtest parcours._core
  .venv/bin/python -m mypy --strict bindings-python/python bindings-python/tests examples/python
  .venv/bin/python examples/python/summarise.py >/dev/null
  # The examples run end to end on small inputs (their output is checked by their own asserts).
  MPLBACKEND=Agg .venv/bin/python examples/python/analyst.py 5000 >/dev/null
  .venv/bin/python examples/python/coverage_map.py >/dev/null
  .venv/bin/python examples/python/residents.py 20000 >/dev/null
  # Spark's JVM writes warnings on stderr: kept in out/ and shown if the example fails.
  mkdir -p out
  .venv/bin/python examples/python/scale_spark.py 20000 2 >/dev/null 2>out/scale_spark.log \
    || { cat out/scale_spark.log; return 1; }
  .venv/bin/python examples/python/scale_dask.py 20000 2 >/dev/null
  .venv/bin/python examples/python/scale_duckdb.py 20000 >/dev/null
}

# The package (wasm-opt'd), node --test on it (shared case vectors, errors, types, trap
# recovery, and the demo page in headless Chromium), tsc, and the size budget of the module.
wasm_tests() {
  scripts/build-wasm.sh
  node --test --test-reporter=spec bindings-wasm/tests/
  (cd bindings-wasm && node_modules/.bin/tsc --noEmit -p tests/tsconfig.json)
  local gz
  gz=$(gzip -9c bindings-wasm/pkg/parcours_wasm_bg.wasm | wc -c)
  # 300,000 until session 5; 360,000 since the planner's-view issue (#18). Session 6 put the
  # questions at a date, the test runner and the history in the module (core at opt-level "z",
  # one shared sort: benches/README.md, WebAssembly).
  echo "parcours_wasm_bg.wasm: $gz bytes gzipped (budget 360,000)"
  [ "$gz" -le 360000 ]
}

stage "set-up (scripts/setup.sh)" scripts/setup.sh
if [ ${#failed[@]} -gt 0 ]; then
  echo "test.sh: set-up failed, nothing else can run" >&2
  exit 1
fi
stage "cargo fmt --all --check" cargo fmt --all --check
# --all-features: the Python module's `synthetic` part and the test kit's proptest strategies and
# fuzz inputs are linted and built too (the fuzz targets themselves need nightly: scripts/fuzz.sh).
stage "cargo clippy --workspace --all-targets --all-features -- -D warnings" \
  cargo clippy --workspace --all-targets --all-features -- -D warnings
# Licences, banned crates and sources of every dependency (deny.toml). Advisories need the
# advisory database from the network: not checked here. `cargo fetch` first: builds only
# download the host's crates, and cargo deny reads the metadata of every platform's.
cargo_deny() {
  cargo fetch --quiet
  cargo deny --offline check licenses bans sources
}
stage "cargo deny check licenses bans sources" cargo_deny
stage "cargo test --workspace --all-features" cargo test --workspace --all-features
stage "parcours fmt --check on the committed networks" \
  cargo run --quiet -p parcours-cli -- fmt --check examples/networks/*.json \
  examples/networks/fixtures/*.json examples/networks/toml/*.toml
stage "seed networks through the Rust example (summarise --json)" rust_summaries
stage "example origins files (examples/origins/validate.py)" python3 examples/origins/validate.py
stage "commune reference (examples/reference/validate.py)" python3 examples/reference/validate.py
stage "python binding: build, pytest, stubtest, mypy" python_tests
stage "wasm binding: build, node --test, tsc" wasm_tests

printf '\n==== summary ====\n'
# Disk use, to see a full disk coming before it fails a build.
echo "build directory: $(du -sh "$target_dir" 2>/dev/null | cut -f1); free: $(df -h . | awk 'NR==2 {print $4}')"
for s in "${passed[@]}"; do echo "ok      $s"; done
for s in "${failed[@]+"${failed[@]}"}"; do echo "FAILED  $s"; done
echo "stages: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
