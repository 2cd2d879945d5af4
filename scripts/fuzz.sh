#!/usr/bin/env bash
# Fuzzes parcours with cargo-fuzz (libFuzzer): every target of fuzz/ for a bounded time, then a
# table of executions and crashes per target. Not part of test.sh (it takes minutes per target).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default: 60 seconds, every target
#
# Only a stable toolchain is installed here: cargo-fuzz passes nightly flags (`-Zsanitizer`), which
# RUSTC_BOOTSTRAP=1 lets stable rustc accept. Seeds: the seed networks (examples/networks, with
# broken/ and fixtures/, and the hostile inputs of core/tests/hostile) for the JSON loader, the
# same converted to TOML for the TOML loader, and each case of examples/cases for route_cases.
# Corpora grow in fuzz/corpus/TARGET and crashes land in fuzz/artifacts/TARGET (both ignored by
# git). Exit status: non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
all_targets=(load_json load_toml route route_cases check columns)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

export RUSTC_BOOTSTRAP=1
CARGO_FUZZ_VERSION=0.13.2
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  cargo install --quiet --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

corpus=fuzz/corpus
mkdir -p "$corpus"/{load_json,load_toml,route,route_cases,check,columns}
json_seeds=(examples/networks/*.json examples/networks/broken/*.json
  examples/networks/fixtures/*.json core/tests/data/*.json core/tests/hostile/*.json)
for f in "${json_seeds[@]}"; do cp "$f" "$corpus/load_json/seed-${f//\//_}"; done
for f in core/tests/hostile/*.toml; do cp "$f" "$corpus/load_toml/seed-${f//\//_}"; done
python3 - "$corpus" "${json_seeds[@]}" <<'PY'
"""JSON seeds to TOML (one line per top-level key, inline tables and arrays), and each case of
examples/cases to a file of its own."""
import glob, json, math, os, sys

corpus, files = sys.argv[1], sys.argv[2:]

def toml(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return json.dumps(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml(x) for x in v if x is not None) + "]"
    return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml(x)}"
                           for k, x in v.items() if x is not None) + "}"

for f in files:
    try:
        doc = json.load(open(f, encoding="utf-8-sig"))
    except ValueError:
        continue  # deliberately broken JSON: no TOML twin
    if not isinstance(doc, dict):
        continue
    name = "seed-" + f.replace("/", "_").rsplit(".", 1)[0] + ".toml"
    with open(os.path.join(corpus, "load_toml", name), "w", encoding="utf-8") as out:
        for k, x in doc.items():
            if x is not None:
                out.write(f"{json.dumps(k, ensure_ascii=False)} = {toml(x)}\n")

for f in sorted(glob.glob("examples/cases/*.json")):
    for i, c in enumerate(json.load(open(f, encoding="utf-8"))["cases"]):
        name = "seed-" + os.path.basename(f).rsplit(".", 1)[0] + f"-{i}.json"
        with open(os.path.join(corpus, "route_cases", name), "w", encoding="utf-8") as out:
            json.dump(c["case"], out, ensure_ascii=False)
PY

mkdir -p fuzz/artifacts
echo "fuzz: building the targets (release, debug assertions, AddressSanitizer)"
if ! cargo fuzz build --fuzz-dir fuzz >fuzz/artifacts/build.log 2>&1; then
  cat fuzz/artifacts/build.log >&2
  exit 1
fi

# Inputs libFuzzer saved as findings for a target so far (crashes, hangs, out of memory, leaks).
findings() {
  find "fuzz/artifacts/$1" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \
    -o -name 'leak-*' \) | wc -l
}

rows=()
crashed=0
total_execs=0
for t in "${targets[@]}"; do
  log=fuzz/artifacts/$t.log
  mkdir -p "fuzz/artifacts/$t"
  before=$(findings "$t")
  echo "fuzz: $t for ${secs}s"
  rc=0
  # Structured targets read a network from the bytes: let inputs be long from the start (the
  # loaders take the longest seed as their maximum).
  extra=()
  case $t in route | check) extra=(-max_len=8192 -len_control=0) ;; esac
  # -timeout: one input taking more than 20 s is a finding (a hang), not a slow machine.
  cargo fuzz run --fuzz-dir fuzz "$t" "$corpus/$t" -- \
    -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 "${extra[@]}" \
    >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  crashes=$(($(findings "$t") - before))
  if [ "$rc" -ne 0 ]; then
    crashed=1
    echo "fuzz: $t stopped with exit $rc; see $log" >&2
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
  fi
  rows+=("$(printf '%-12s %6ss %12s execs %8s/s %3s new findings' "$t" "$secs" "$execs" "$((execs / (secs > 0 ? secs : 1)))" "$crashes")")
done

printf '\n==== fuzz summary ====\n'
printf '%s\n' "${rows[@]}"
echo "total: $total_execs executions"
exit "$crashed"
