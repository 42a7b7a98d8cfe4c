#!/usr/bin/env bash
# Builds the Worker with worker-build into worker/build/ (index.js + index_bg.wasm).
# worker-build uses the wasm-bindgen, wasm-opt and esbuild named in scripts/env.sh
# instead of downloading them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
echo "[worker] worker-build --release -> worker/build"
log=$(mktemp)
if ! (cd worker && worker-build --release) >"$log" 2>&1; then
  cat "$log" >&2
  echo "[worker] FAILED: worker-build" >&2
  exit 1
fi
rm -f "$log"
[ -f worker/build/index.js ] && [ -f worker/build/index_bg.wasm ] || { echo "[worker] FAILED: no worker/build/index.js" >&2; exit 1; }
