#!/usr/bin/env bash
# The clip generation figure (BENCH_ONLY=clips pnpm bench, or part 3 of pnpm bench): a fresh local sessions D1, the
# bench Worker bench/clips/worker.ts under wrangler dev, driven by scripts/bench-clips.mjs.
source "$(dirname "$0")/lib.sh"
ensure_pnpm
mkdir -p .bench
STATE=.bench/clips-state
CONFIG=bench/clips/wrangler.jsonc
LOG=.bench/clips-wrangler.log
PORT="${BENCH_CLIPS_PORT:-}"
[ -n "$PORT" ] || PORT="$(free_port)"
CLIPS_PID=""
trap '[ -n "$CLIPS_PID" ] && { kill -- -"$CLIPS_PID" 2>/dev/null || true; wait "$CLIPS_PID" 2>/dev/null || true; }' EXIT
rm -rf "$STATE" && mkdir -p "$STATE"
log "Clip generation: fresh local sessions D1 ($STATE)"
pnpm exec wrangler d1 migrations apply SESSIONS_DB --local -c "$CONFIG" --persist-to "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
isolate_dev_registry "$STATE"
log "Serving the clip bench Worker on http://127.0.0.1:$PORT"
setsid pnpm exec wrangler dev -c "$CONFIG" --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" \
  --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
CLIPS_PID="$!"
node scripts/bench-clips.mjs "http://127.0.0.1:$PORT" || { tail -n 40 "$LOG"; exit 1; }
