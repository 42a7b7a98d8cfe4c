#!/usr/bin/env bash
# `make soak` (not in CI): starts the local Worker (scripts/dev.sh, its own process
# group), runs scripts/soak.mjs against it for SOAK_SECONDS (default 300) while D1 fails
# and recovers, then stops the whole group and checks no workerd of it is left.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
SECONDS_TOTAL="${SOAK_SECONDS:-300}"
LOG=target/soak/dev.log
mkdir -p target/soak
if (exec 3<>/dev/tcp/127.0.0.1/8787) 2>/dev/null; then
  echo "[soak] 127.0.0.1:8787 is already in use (another make dev?); stop it first" >&2
  exit 1
fi
# SOAK_SERVER=miniflare runs the Worker on Miniflare alone instead of wrangler dev.
DEV_SERVER="${SOAK_SERVER:-wrangler}" setsid bash scripts/dev.sh >"$LOG" 2>&1 < /dev/null &
pgid=$!
stop() {
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    pgrep -g "$pgid" >/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  sleep 0.5
  if pgrep -g "$pgid" >/dev/null; then
    echo "[soak] processes of group $pgid are still running" >&2
    return 1
  fi
  echo "[soak] stopped process group $pgid; none of it is left"
}
trap stop EXIT
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null http://127.0.0.1:8787/api/health/live 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null http://127.0.0.1:8787/api/health/live || { echo "[soak] the Worker did not start; see $LOG" >&2; exit 1; }
echo "[soak] Worker up (process group $pgid); ${SECONDS_TOTAL} s of load while D1 fails and recovers"
SOAK_SECONDS="$SECONDS_TOTAL" SOAK_PGID="$pgid" SOAK_SERVER="${SOAK_SERVER:-wrangler}" node scripts/soak.mjs | tee "target/soak/summary-${SOAK_SERVER:-wrangler}.md"
