#!/usr/bin/env bash
# Builds the Python binding (release) and installs it into .venv as an editable package.
# Run scripts/setup.sh python first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/maturin ]; then
  echo "build-python: .venv/bin/maturin is missing; run scripts/setup.sh python" >&2
  exit 1
fi
# `--features synthetic`: the benchmark generator (`_core._synthetic_network`, parcours-testkit)
# that the scale examples, benches/python and their tests use; a plain `pip install` leaves it out.
VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
  maturin develop --release --quiet --features synthetic --manifest-path bindings-python/Cargo.toml
