#!/usr/bin/env bash
# Builds the npm package: wasm for Node (pkg/node, CommonJS, loads synchronously) and
# for browsers and bundlers (pkg/web, ES module with init()), plus licence files.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
for target in nodejs web; do
  out=node; [ "$target" = web ] && out=web
  echo "[pkg] wasm-pack build --target $target -> pkg/$out"
  log=$(mktemp)
  if ! wasm-pack --quiet build --release --target "$target" --out-dir "pkg/$out" --out-name edgeguard \
      --no-pack . -- --features wasm >"$log" 2>&1; then
    grep -v "failed to get wasm-pack version" "$log" >&2
    echo "[pkg] FAILED: wasm-pack build --target $target" >&2
    exit 1
  fi
  rm -f "$log"
  rm -f "pkg/$out/.gitignore" "pkg/$out/package.json" "pkg/$out/README.md"
  # wasm-bindgen cannot mark a parameter optional or generic when its type is given by
  # hand, and its `[Symbol.dispose]` needs lib esnext: finish the declarations here.
  dts="pkg/$out/edgeguard.d.ts"
  sed -i -E \
    -e 's/\b(options|config): (RedactOptions|RedactorConfig)\)/\1?: \2)/' \
    -e 's/maskSensitiveData\(value: unknown, options\?: RedactOptions\): any;/maskSensitiveData<T>(value: T, options?: RedactOptions): T;/' \
    -e 's/redactValue\(value: unknown\): any;/redactValue<T>(value: T): T;/' \
    -e '/\[Symbol\.dispose\]\(\): void;/d' \
    -e '/^export function start\(\): void;$/d' "$dts"
  if grep -nE '\bany\b|options: RedactOptions|Symbol\.dispose|function start' "$dts" | grep -vE '^[0-9]+:\s*(\*|readonly )'; then
    echo "[pkg] FAILED: $dts still has the lines above" >&2; exit 1
  fi
done
cp LICENSE-MIT LICENSE-APACHE pkg/
size=$(wc -c < pkg/web/edgeguard_bg.wasm); gz=$(gzip -9 -c pkg/web/edgeguard_bg.wasm | wc -c)
echo "[pkg] edgeguard_bg.wasm: $size bytes, $gz gzipped"
# The demo page (www/) loads the web build from www/vendor/edgeguard/ with no build tool;
# web.mjs imports ./web/edgeguard.js, so keep that layout.
mkdir -p www/vendor/edgeguard/web
cp pkg/web.mjs www/vendor/edgeguard/web.mjs
cp pkg/web/edgeguard.js pkg/web/edgeguard_bg.wasm www/vendor/edgeguard/web/
echo "[pkg] copied the web build to www/vendor/edgeguard/ (demo page)"
