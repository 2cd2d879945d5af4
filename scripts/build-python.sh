#!/usr/bin/env bash
# Builds the Python binding (release) and installs it into .venv as an editable package.
# Run scripts/setup.sh python first.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/maturin ]; then
  echo "build-python: .venv/bin/maturin is missing; run scripts/setup.sh python" >&2
  exit 1
fi
VIRTUAL_ENV=$PWD/.venv PATH=$PWD/.venv/bin:$PATH \
  maturin develop --release --quiet --manifest-path bindings-python/Cargo.toml
