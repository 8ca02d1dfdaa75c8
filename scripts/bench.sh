#!/usr/bin/env bash
# pnpm bench, in two parts.
# 1. Organizer pages: builds the webapp (BENCH_SKIP_BUILD=1 reuses the last build), serves the built Worker behind the
#    counting wrapper (bench/pages/worker.js, config written by scripts/bench-config.mjs) with the workers app on a fresh, seeded local D1, and drives it with
#    scripts/bench-pages.mjs (p50/p99 of /events, an event page, the access and participants pages against a
#    one-query baseline page, and each page's D1 round trips).
#    Then free registration under contention on the same server: 50 concurrent posts of the public page's form for
#    a ticket type with 10 seats (bench/registration/seed.sql, scripts/bench-registration.mjs), p50/p99 and the
#    oversell read from D1 (must be 0).
# 1b. Webhook ingestion on the same build (scripts/bench-webhooks.ts): signed Stripe deliveries at concurrency 10
#    against a one-insert baseline route, then a redelivery storm and the duplicate count. BENCH_ONLY=webhooks runs
#    only this part.
# 1c. Stage-event ingestion (BENCH_ONLY=ingest): stage changes through webapp → service binding → workers app at
#    concurrency 10 (scripts/bench-stage.mjs, POST /api/rooms/<room>/stage), the rows checked on the demo account's
#    shard, then the same rows inserted raw with D1 batch() inside the workers app (bench/stage/worker.ts): both rates
#    and the ratio.
# 1d. Routing overhead (BENCH_ONLY=routing, no build): the same stage timeline read on a fixed binding and through
#    routed() inside the workers app, p50/p99/mean and the ratios.
# 1e. The public API on the same build (scripts/bench-api.ts): GET /api/v1/events and key authentication against a
#    one-query route of the same Worker (GET /api/v1/health), p50/p99 and ratios. BENCH_ONLY=api runs only this part.
# 1f. MCP on the same server (scripts/bench-mcp.ts): tools/list and tools/call p50/p99 with the 2.x client on the
#    2026-07-28 revision, and workerd CPU time per call. BENCH_ONLY=mcp runs only this part (with 1e's server).
# 1c. Live fan-out on the same build (bench/live): 200 WebSocket viewers of the demo room through the webapp's
#    /live/rooms/<id> path, one stage change at a time, and the time until the last viewer has it (p50/p99), against
#    1 viewer in the same run. BENCH_ONLY=live runs only this part.
# 2. The participants page with 100,000 participants seeded on one event: a fresh local D1 seeded in SQL, served by
#    bench/participants/worker.ts and driven by scripts/bench-participants.mjs (first and deep page, keyset vs
#    OFFSET, D1 round trips).
# BENCH_SIZE=small runs every part once with fewer requests, viewers and runs (the test command does, after its
# build, so a part that stops working fails CI); its figures are not the published ones.
source "$(dirname "$0")/lib.sh"

# 3. Clip generation (scripts/bench-clips.sh): generateClips for a three-hour session with 200 participants and
#    10,000 stage events on a local sessions shard, against a plain bulk insert of as many clip rows.
#    BENCH_ONLY=clips runs only this part.
if [ "${BENCH_ONLY:-}" = clips ]; then exec bash "$(dirname "$0")/bench-clips.sh"; fi
# 4. The credit ledger (scripts/bench-credits.sh): the balance read at 1,000 against 1,000,000 ledger entries
#    (BENCH_SIZE=small: 100,000) on one local sessions shard, and conditional debits at concurrency 50 against plain
#    inserts. BENCH_ONLY=credits runs only this part.
if [ "${BENCH_ONLY:-}" = credits ]; then exec bash "$(dirname "$0")/bench-credits.sh"; fi

ensure_pnpm
ensure_dev_vars
mkdir -p .bench
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done' EXIT

# Serves the workers app with its bench routes alone (config generated from apps/workers/wrangler.jsonc) on a free
# port over the given state folder; prints the port. The caller ends it with stop_last.
serve_workers_bench() {
  local state="$1" log="$2" config port
  config="$(node scripts/bench-config.mjs .bench/workers-bench --workers)"
  port="$(free_port)"
  isolate_dev_registry "$state"
  setsid pnpm exec wrangler dev -c "$config" --persist-to "$state" --ip 127.0.0.1 --port "$port" \
    --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$log" 2>&1 &
  PIDS+=("$!")
  echo "$port"
}

stop_last() {
  local pid="${PIDS[-1]}"
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stage_routing() {
  local state=.bench/routing-state log=.bench/routing-wrangler.log port
  rm -rf "$state" && mkdir -p "$state"
  log "Routing overhead: the workers app with its bench routes on a fresh local D1 ($state)"
  migrate_local "$state" > "$log" 2>&1 || { cat "$log"; exit 1; }
  serve_workers_bench "$state" "$log" > .bench/port
  port="$(cat .bench/port)"
  node scripts/bench-stage.mjs routing "http://127.0.0.1:$port" || { tail -n 40 "$log"; exit 1; }
  stop_last
}

stage_ingest() {
  local state=.bench/ingest-state log=.bench/ingest-wrangler.log port config shard run rows
  rm -rf "$state" && mkdir -p "$state"
  log "Stage-event ingestion: fresh local D1 ($state) with the demo room"
  migrate_local "$state" > "$log" 2>&1 || { cat "$log"; exit 1; }
  pnpm exec tsx scripts/seed.ts "$state" > "$log" 2>&1 || { cat "$log"; exit 1; }
  port="$(free_port)"
  config="$(node scripts/bench-config.mjs .bench/counted)"
  isolate_dev_registry "$state"
  setsid pnpm exec wrangler dev -c "$config" "${AUX_CONFIGS[@]}" \
    --persist-to "$state" --ip 127.0.0.1 --port "$port" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$log" 2>&1 &
  PIDS+=("$!")
  node scripts/bench-stage.mjs ingest "http://127.0.0.1:$port" .bench/ingest.json || { tail -n 40 "$log"; exit 1; }
  stop_last
  # The truth is in D1: every event of the run once, on the demo account's shard.
  shard="$(pnpm exec wrangler d1 execute WEBAPP_DB --local -c wrangler.jsonc --persist-to "$state" --json --command \
    "SELECT shard_id FROM account_shards WHERE account_id = 'demo0organizer0account01'" 2>/dev/null \
    | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].results[0].shard_id)')"
  run="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(".bench/ingest.json", "utf8")).run)')"
  sent="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(".bench/ingest.json", "utf8")).events)')"
  rows="$(pnpm exec wrangler d1 execute "SESSIONS_DB_$shard" --local -c apps/workers/wrangler.jsonc --persist-to "$state" --json \
    --command "SELECT COUNT(*) AS n FROM stage_events WHERE participant_id LIKE 'guest:' || lower('$run') || '-lane%'" 2>/dev/null \
    | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].results[0].n)')"
  echo "  stage events of the run on shard $shard: $rows (sent $sent)"
  [ "$rows" = "$sent" ] || { echo "ingestion lost or duplicated events"; exit 1; }
  serve_workers_bench "$state" "$log" > .bench/port
  port="$(cat .bench/port)"
  node scripts/bench-stage.mjs baseline "http://127.0.0.1:$port" .bench/ingest.json "$shard" || { tail -n 40 "$log"; exit 1; }
  stop_last
}

# Outgoing webhooks (no build): the workers app with its bench routes on a fresh local D1 delivers N events through
# dispatch and one Workflow each to a local receiver that verifies every signature (scripts/bench-webhooks-out.ts).
webhooks_out() {
  local state=.bench/webhooks-out-state log=.bench/webhooks-out-wrangler.log port
  rm -rf "$state" && mkdir -p "$state"
  log "Outgoing webhooks: the workers app with its bench routes on a fresh local D1 ($state)"
  migrate_local "$state" > "$log" 2>&1 || { cat "$log"; exit 1; }
  serve_workers_bench "$state" "$log" > .bench/port
  port="$(cat .bench/port)"
  pnpm exec tsx scripts/bench-webhooks-out.ts "http://127.0.0.1:$port" || { tail -n 40 "$log"; exit 1; }
  stop_last
}

if [ "${BENCH_ONLY:-}" = routing ]; then
  stage_routing
  exit 0
fi
if [ "${BENCH_ONLY:-}" = webhooks-out ]; then
  webhooks_out
  exit 0
fi

# Part 1: organizer pages on the built app.
[ "${BENCH_SKIP_BUILD:-}" = 1 ] || build_webapp
if [ "${BENCH_ONLY:-}" = ingest ]; then
  stage_ingest
  exit 0
fi
if [ "${BENCH_ONLY:-}" != webhooks ] && [ "${BENCH_ONLY:-}" != live ] && [ "${BENCH_ONLY:-}" != api ] && [ "${BENCH_ONLY:-}" != mcp ]; then
STATE=.bench/pages-state
LOG=.bench/pages-wrangler.log
rm -rf "$STATE" && mkdir -p "$STATE"
log "Applying migrations and seeding the demo organizer in a fresh local D1 ($STATE)"
migrate_local "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
pnpm exec tsx scripts/seed.ts "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
pnpm exec wrangler d1 execute WEBAPP_DB --local -c wrangler.jsonc --persist-to "$STATE" --file bench/registration/seed.sql \
  > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$(free_port)"
log "Serving the built webapp behind the D1 counter on http://127.0.0.1:$PORT"
COUNTED_CONFIG="$(node scripts/bench-config.mjs .bench/counted)"
isolate_dev_registry "$STATE"
setsid pnpm exec wrangler dev -c "$COUNTED_CONFIG" "${AUX_CONFIGS[@]}" \
  --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
PIDS+=("$!")
node scripts/bench-pages.mjs "http://127.0.0.1:$PORT" || { tail -n 40 "$LOG"; exit 1; }
node scripts/bench-registration.mjs "http://127.0.0.1:$PORT" "$([ "${BENCH_SIZE:-}" = small ] && echo 20 || echo 50)" || { tail -n 40 "$LOG"; exit 1; }
kill -- -"${PIDS[0]}" 2>/dev/null || true
wait "${PIDS[0]}" 2>/dev/null || true
# The truth is in D1: tickets issued for the 10 seats and the type's counter.
SOLD="$(pnpm exec wrangler d1 execute WEBAPP_DB --local -c wrangler.jsonc --persist-to "$STATE" --json --command \
  "SELECT (SELECT count(*) FROM tickets WHERE ticket_type_id = 'bench0registration0type01') AS tickets, issued, capacity FROM ticket_types WHERE id = 'bench0registration0type01'" \
  2>/dev/null | node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"))[0].results[0]; console.log(r.tickets, r.issued, r.capacity)')"
read -r TICKETS ISSUED CAPACITY <<< "$SOLD"
echo "  tickets in D1: $TICKETS, issued counter: $ISSUED, capacity: $CAPACITY, oversell: $((TICKETS > CAPACITY ? TICKETS - CAPACITY : 0))"
[ "$TICKETS" -le "$CAPACITY" ] && [ "$TICKETS" = "$ISSUED" ] || { echo "free registration oversold"; exit 1; }
fi
[ "${BENCH_ONLY:-}" = pages ] && exit 0

# Part 1b: webhook ingestion on the built app, fresh state.
if [ "${BENCH_ONLY:-}" != live ] && [ "${BENCH_ONLY:-}" != api ] && [ "${BENCH_ONLY:-}" != mcp ]; then
STATE=.bench/webhooks-state
LOG=.bench/webhooks-wrangler.log
rm -rf "$STATE" && mkdir -p "$STATE"
log "Webhook ingestion: fresh local D1 ($STATE) with the demo event"
migrate_local "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
pnpm exec tsx scripts/seed.ts "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$(free_port)"
COUNTED_CONFIG="$(node scripts/bench-config.mjs .bench/counted)"
# The webhooks and the baseline are the API Worker's: its counted copy, with the baseline route on.
COUNTED_API="$(node scripts/bench-config.mjs .bench/api-counted --api)"
isolate_dev_registry "$STATE"
setsid pnpm exec wrangler dev -c "$COUNTED_CONFIG" -c apps/workers/wrangler.jsonc -c "$COUNTED_API" \
  --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
HOOKS_PID="$!"
PIDS+=("$HOOKS_PID")
pnpm exec tsx scripts/bench-webhooks.ts "http://127.0.0.1:$PORT" "$STATE" || { tail -n 40 "$LOG"; exit 1; }
kill -- -"$HOOKS_PID" 2>/dev/null || true
wait "$HOOKS_PID" 2>/dev/null || true
[ "${BENCH_ONLY:-}" = webhooks ] && exit 0
fi

# Part 1e: the public API on the built app, fresh state (BENCH_ONLY=api runs only this part).
if [ "${BENCH_ONLY:-}" != live ]; then
STATE=.bench/api-state
LOG=.bench/api-wrangler.log
rm -rf "$STATE" && mkdir -p "$STATE"
log "Public API: fresh local D1 ($STATE) with the demo organizer and an API key"
migrate_local "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
pnpm exec tsx scripts/seed.ts "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$(free_port)"
isolate_dev_registry "$STATE"
setsid pnpm exec wrangler dev -c wrangler.jsonc "${AUX_CONFIGS[@]}" \
  --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
API_PID="$!"
PIDS+=("$API_PID")
if [ "${BENCH_ONLY:-}" != mcp ]; then
  pnpm exec tsx scripts/bench-api.ts "http://127.0.0.1:$PORT" "$STATE" || { tail -n 40 "$LOG"; exit 1; }
fi
# Part 1f: MCP on the same server (scripts/bench-mcp.ts): tools/list and tools/call p50/p99 and CPU per call.
pnpm exec tsx scripts/bench-mcp.ts "http://127.0.0.1:$PORT" "$STATE" "$API_PID" || { tail -n 40 "$LOG"; exit 1; }
kill -- -"$API_PID" 2>/dev/null || true
wait "$API_PID" 2>/dev/null || true
{ [ "${BENCH_ONLY:-}" = api ] || [ "${BENCH_ONLY:-}" = mcp ]; } && exit 0
fi

# Part 1c: live fan-out on the built app, fresh state.
STATE=.bench/live-state
LOG=.bench/live-wrangler.log
rm -rf "$STATE" && mkdir -p "$STATE"
log "Live fan-out: fresh local D1 ($STATE) with the demo room"
migrate_local "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
pnpm exec tsx scripts/seed.ts "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
PORT="$(free_port)"
LIVE_CONFIG="$(node scripts/bench-config.mjs .bench/live bench/live/worker.ts)"
isolate_dev_registry "$STATE"
setsid pnpm exec wrangler dev -c "$LIVE_CONFIG" "${AUX_CONFIGS[@]}" \
  --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
LIVE_PID="$!"
PIDS+=("$LIVE_PID")
node bench/live/fanout.mjs "http://127.0.0.1:$PORT" "${LIVE_VIEWERS:-$([ "${BENCH_SIZE:-}" = small ] && echo 20 || echo 200)}" || { tail -n 40 "$LOG"; exit 1; }
kill -- -"$LIVE_PID" 2>/dev/null || true
wait "$LIVE_PID" 2>/dev/null || true
[ "${BENCH_ONLY:-}" = live ] && exit 0

# Parts 1c and 1d: stage ingestion on the same build, then routing overhead.
stage_ingest
stage_routing
webhooks_out

# Part 2: the participants page at 100,000 participants.
STATE=.bench/participants-state
CONFIG=bench/participants/wrangler.jsonc
LOG=.bench/participants-wrangler.log
rm -rf "$STATE" && mkdir -p "$STATE"
log "Applying migrations to a fresh local D1 ($STATE)"
pnpm exec wrangler d1 migrations apply WEBAPP_DB --local -c "$CONFIG" --persist-to "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
log "Seeding 100,000 participants on one event (80,000 members, 20,000 pending) and 10,000 on another"
pnpm exec wrangler d1 execute WEBAPP_DB --local -c "$CONFIG" --persist-to "$STATE" --file bench/participants/seed.sql \
  > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }

isolate_dev_registry "$STATE"
PORT="$(free_port)"
log "Serving the bench Worker on http://127.0.0.1:$PORT"
# Its own session, so the trap can end wrangler and the workerd it starts as one process group.
setsid pnpm exec wrangler dev -c "$CONFIG" --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" \
  --inspector-port "$(inspector_port)" --show-interactive-dev-session=false > "$LOG" 2>&1 &
PIDS+=("$!")

node scripts/bench-participants.mjs "http://127.0.0.1:$PORT" || { tail -n 40 "$LOG"; exit 1; }

# Part 3: clip generation.
kill -- -"${PIDS[-1]}" 2>/dev/null || true
wait "${PIDS[-1]}" 2>/dev/null || true
bash scripts/bench-clips.sh

# Part 4: the credit ledger.
bash scripts/bench-credits.sh
