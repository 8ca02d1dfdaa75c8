#!/usr/bin/env bash
# The credit ledger figures (BENCH_ONLY=credits pnpm bench, or part 4 of pnpm bench): a fresh local sessions D1, the
# bench Worker bench/credits/worker.ts under wrangler dev, driven by scripts/bench-credits.mjs.
source "$(dirname "$0")/lib.sh"
ensure_pnpm
mkdir -p .bench
STATE=.bench/credits-state
CONFIG=bench/credits/wrangler.jsonc
LOG=.bench/credits-wrangler.log
PORT="${BENCH_CREDITS_PORT:-}"
[ -n "$PORT" ] || PORT="$(free_port)"
CREDITS_PID=""
trap '[ -n "$CREDITS_PID" ] && { kill -- -"$CREDITS_PID" 2>/dev/null || true; wait "$CREDITS_PID" 2>/dev/null || true; }' EXIT
rm -rf "$STATE" && mkdir -p "$STATE"
log "Credit ledger: fresh local sessions D1 ($STATE)"
pnpm exec wrangler d1 migrations apply SESSIONS_DB --local -c "$CONFIG" --persist-to "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
isolate_dev_registry "$STATE"
log "Serving the credit ledger bench Worker on http://127.0.0.1:$PORT"
setsid pnpm exec wrangler dev -c "$CONFIG" --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" \
  --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
CREDITS_PID="$!"
node scripts/bench-credits.mjs "http://127.0.0.1:$PORT" || { tail -n 40 "$LOG"; exit 1; }
