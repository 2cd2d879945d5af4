#!/usr/bin/env bash
# Runs the examples on the seed networks (examples/networks/): the Rust summariser, then the same
# through the Python binding.
set -euo pipefail
cd "$(dirname "$0")"

scripts/setup.sh python

echo "==== Rust: cargo run --release -p parcours-examples --bin summarise ===="
cargo run --quiet --release -p parcours-examples --bin summarise

echo
echo "==== Python: examples/python/summarise.py ===="
scripts/build-python.sh
.venv/bin/python examples/python/summarise.py
