#!/usr/bin/env bash
# The demo page: builds the WebAssembly package into examples/web/pkg, then serves the repository
# on 127.0.0.1 (the page loads the seed networks from examples/networks/) and prints the URL.
#   ./demo.sh [PORT]        default port 8000; Ctrl-C stops the server
set -euo pipefail
cd "$(dirname "$0")"
port=${1:-8000}
scripts/setup.sh wasm node
scripts/build-wasm.sh
echo "demo: open http://127.0.0.1:$port/examples/web/"
exec python3 -m http.server "$port" --bind 127.0.0.1
