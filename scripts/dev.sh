#!/usr/bin/env bash
# `make dev`: migrates and seeds local D1 and KV under .dev-state/, then runs the
# Worker (and www/ at /) on http://127.0.0.1:8787 in the foreground. Ctrl-C stops
# wrangler and every workerd it started.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
STATE=.dev-state
mkdir -p "$STATE"
if [ ! -f .dev.vars ]; then
  cp .dev.vars.example .dev.vars
  echo "[dev] created .dev.vars from .dev.vars.example (local dev tokens)"
fi
echo "[dev] applying D1 migrations (local)"
CI=true wrangler d1 migrations apply DB --local --persist-to "$STATE" >/dev/null
echo "[dev] seeding KV CONFIG and a sample host report"
wrangler kv key put --binding CONFIG providers \
  '{"openai":{"enabled":true,"secret":"OPENAI_API_KEY"},"anthropic":{"enabled":true,"secret":"ANTHROPIC_API_KEY"},"perplexity":{"enabled":false,"secret":"PERPLEXITY_API_KEY"}}' \
  --local --persist-to "$STATE" >/dev/null
now_ms=$(($(date +%s) * 1000))
wrangler d1 execute DB --local --persist-to "$STATE" --command \
  "INSERT INTO host_metrics (host, memory_used_percent, memory_available_mb, uptime_seconds, reported_at)
   VALUES ('dev-host', 41.5, 8192, 3600, $now_ms)
   ON CONFLICT(host) DO UPDATE SET memory_used_percent = excluded.memory_used_percent,
     memory_available_mb = excluded.memory_available_mb, uptime_seconds = excluded.uptime_seconds,
     reported_at = excluded.reported_at" >/dev/null

descendants() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do descendants "$c"; echo "$c"; done; }
if [ "${DEV_SERVER:-wrangler}" = miniflare ]; then
  # Miniflare alone (scripts/serve-miniflare.mjs), for the soak; needs `make worker`.
  node scripts/serve-miniflare.mjs &
else
  wrangler dev --ip 127.0.0.1 --port 8787 --persist-to "$STATE" --show-interactive-dev-session=false &
fi
pid=$!
stop() {
  trap - INT TERM
  local all; all="$(descendants "$pid") $pid"
  kill -TERM $all 2>/dev/null || true
  sleep 1
  kill -KILL $all 2>/dev/null || true
  exit 130
}
trap stop INT TERM
echo "[dev] http://127.0.0.1:8787/ (demo) and http://127.0.0.1:8787/api/health; Ctrl-C stops"
echo "[dev] full report: curl -H 'Authorization: Bearer <HEALTH_TOKEN from .dev.vars>' 127.0.0.1:8787/api/health"
echo "[dev] the sample host report goes stale after STALE_AFTER_MS; push a fresh one with"
echo "[dev]   curl -X POST -H 'Authorization: Bearer <REPORT_TOKEN>' -d '{\"host\":\"dev-host\",\"memoryUsedPercent\":41.5,\"memoryAvailableMb\":8192}' 127.0.0.1:8787/api/health/report"
wait "$pid"
