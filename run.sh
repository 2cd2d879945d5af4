#!/usr/bin/env bash
# Runs the examples on the seed networks (examples/networks/): the Rust summariser and router,
# then the same through the Python binding.
set -euo pipefail
cd "$(dirname "$0")"

scripts/setup.sh python

echo "==== Rust: cargo run --release -p parcours-examples --bin summarise ===="
cargo run --quiet --release -p parcours-examples --bin summarise

echo
echo "==== Rust: route a few cases on each seed network (examples/cases/) ===="
cargo run --quiet --release -p parcours-examples --bin route_seeds

echo
echo "==== Python: examples/python/summarise.py ===="
scripts/build-python.sh
.venv/bin/python examples/python/summarise.py
