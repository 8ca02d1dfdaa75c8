#!/usr/bin/env bash
# pnpm bench: the participants page with 100,000 participants seeded on one event. Builds a fresh local D1,
# seeds it in SQL, serves bench/participants/worker.ts with wrangler dev on a free loopback port, and drives it
# with scripts/bench-participants.mjs (p50/p99 of the first and a deep page, keyset vs OFFSET, D1 round trips).
source "$(dirname "$0")/lib.sh"
STATE=.bench/participants-state
CONFIG=bench/participants/wrangler.jsonc
LOG=.bench/participants-wrangler.log

# The first free port from 8799 on, on 127.0.0.1.
free_port() {
  node -e '
    const net = require("node:net");
    const tryPort = (port) => {
      if (port > 8899) process.exit(1);
      const server = net.createServer().once("error", () => tryPort(port + 1));
      server.listen(port, "127.0.0.1", () => server.close(() => console.log(port)));
    };
    tryPort(8799);'
}

ensure_pnpm
rm -rf "$STATE" && mkdir -p "$STATE"
log "Applying migrations to a fresh local D1 ($STATE)"
pnpm exec wrangler d1 migrations apply WEBAPP_DB --local -c "$CONFIG" --persist-to "$STATE" > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }
log "Seeding 100,000 participants on one event (80,000 members, 20,000 pending) and 10,000 on another"
pnpm exec wrangler d1 execute WEBAPP_DB --local -c "$CONFIG" --persist-to "$STATE" --file bench/participants/seed.sql \
  > "$LOG" 2>&1 || { cat "$LOG"; exit 1; }

PORT="$(free_port)"
log "Serving the bench Worker on http://127.0.0.1:$PORT"
# Its own session, so the trap can end wrangler and the workerd it starts as one process group.
setsid pnpm exec wrangler dev -c "$CONFIG" --persist-to "$STATE" --ip 127.0.0.1 --port "$PORT" \
  --show-interactive-dev-session=false > "$LOG" 2>&1 &
WRANGLER_PID=$!
trap 'kill -- -"$WRANGLER_PID" 2>/dev/null || true; wait "$WRANGLER_PID" 2>/dev/null || true' EXIT

node scripts/bench-participants.mjs "http://127.0.0.1:$PORT" || { tail -n 40 "$LOG"; exit 1; }
