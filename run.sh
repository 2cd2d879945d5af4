#!/usr/bin/env bash
# Runs the examples on the seed networks (examples/networks/): the Rust summariser, checker and router,
# then the same through the Python binding.
set -euo pipefail
cd "$(dirname "$0")"

scripts/setup.sh python

echo "==== Rust: cargo run --release -p parcours-examples --bin summarise ===="
cargo run --quiet --release -p parcours-examples --bin summarise

echo
echo "==== Rust: check every seed network (diagnostics P0xx) ===="
cargo run --quiet --release -p parcours-examples --bin check_seeds

echo
echo "==== Rust: route a few cases on each seed network (examples/cases/) ===="
cargo run --quiet --release -p parcours-examples --bin route_seeds

echo
echo "==== Python: examples/python/summarise.py ===="
scripts/build-python.sh
.venv/bin/python examples/python/summarise.py

echo
echo "==== Python: examples/python/analyst.py (surgery stays before/after the GCS; chart in out/) ===="
MPLBACKEND=Agg .venv/bin/python examples/python/analyst.py

echo
echo "==== Python: examples/python/distributed.py (route_batch in worker processes, pickled engine) ===="
.venv/bin/python examples/python/distributed.py
