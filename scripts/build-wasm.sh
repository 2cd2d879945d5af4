#!/usr/bin/env bash
# Builds the WebAssembly package into bindings-wasm/pkg (and a copy in examples/web/pkg for the
# demo page):
#   cargo (profile wasm-release) -> wasm-bindgen --target web -> wasm-opt -O3 (npm binaryen, never
#   Debian's: its wasm-opt 108 silently breaks the module) -> the JS wrapper and package.json.
# Run scripts/setup.sh first (wasm32 target, wasm-bindgen-cli, npm ci). Skips wasm-bindgen and
# wasm-opt when the compiled module has not changed. PARCOURS_WASM_OPT=0 skips wasm-opt (about a
# minute on 2 cores) while iterating; the size targets are for the optimised module.
# `--experimental-reset-state-function` gives the wrapper `__wbg_reset_state`, with which it
# re-instantiates the module after a trap (a panic under panic = "abort").
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=bindings-wasm/pkg
wasm_opt=bindings-wasm/node_modules/.bin/wasm-opt
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
input=$target_dir/wasm32-unknown-unknown/wasm-release/parcours_wasm.wasm

want=$(cargo pkgid -p wasm-bindgen | sed 's/.*@//')
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]; then
  echo "build-wasm: wasm-bindgen $want is needed (Cargo.lock); run scripts/setup.sh" >&2
  exit 1
fi
if [ ! -x "$wasm_opt" ]; then
  echo "build-wasm: $wasm_opt is missing; run scripts/setup.sh (npm ci in bindings-wasm)" >&2
  exit 1
fi

cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown -p parcours-wasm

opt=${PARCOURS_WASM_OPT:-1}
stamp=$pkg/.source.sha256
sum="$(sha256sum "$input" | cut -d' ' -f1) opt=$opt"
if [ ! -f "$pkg/parcours_wasm_bg.wasm" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  wasm-bindgen --target web --experimental-reset-state-function --out-dir "$tmp" "$input"
  if [ "$opt" != 0 ]; then
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$tmp/parcours_wasm_bg.wasm" -o "$tmp/parcours_wasm_bg.wasm"
  fi
  mkdir -p "$pkg"
  rm -f "$pkg"/parcours_wasm*
  cp "$tmp"/parcours_wasm* "$pkg"/
  echo "$sum" >"$stamp"
  raw=$(stat -c %s "$pkg/parcours_wasm_bg.wasm")
  gz=$(gzip -9c "$pkg/parcours_wasm_bg.wasm" | wc -c)
  echo "build-wasm: $pkg/parcours_wasm_bg.wasm $raw bytes, $gz gzipped"
fi

# The hand-written wrapper (ParcoursError, init/initSync, Node entry) and the package manifest.
cp bindings-wasm/js/index.mjs bindings-wasm/js/index.d.mts \
  bindings-wasm/js/node.mjs bindings-wasm/js/node.d.mts "$pkg"/
version=$(cargo pkgid -p parcours-wasm | sed 's/.*[@#]//')
cat >"$pkg/package.json" <<JSON
{
  "name": "parcours",
  "version": "$version",
  "description": "Rules library for French healthcare cooperation networks (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "exports": {
    ".": {
      "node": { "types": "./node.d.mts", "default": "./node.mjs" },
      "types": "./index.d.mts",
      "default": "./index.mjs"
    },
    "./node": { "types": "./node.d.mts", "default": "./node.mjs" },
    "./web": { "types": "./index.d.mts", "default": "./index.mjs" }
  },
  "sideEffects": ["./node.mjs"]
}
JSON

# The demo page (examples/web, see demo.sh) loads the package from its own pkg/ folder.
rm -rf examples/web/pkg
cp -r "$pkg" examples/web/pkg
