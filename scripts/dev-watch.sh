#!/usr/bin/env bash
# For working on Greenroom (pnpm dev:watch): hot reload instead of a production build. `next dev` serves the webapp
# with OpenNext's dev bindings (the same local D1 as pnpm dev, .wrangler/state), and one `wrangler dev` runs the API
# Worker and the workers app from source, reloading each on save. The webapp reaches them as it does deployed: its
# WORKERS and API service bindings resolve through wrangler's dev registry, and next.config.ts forwards /api/* and
# /mcp to the API Worker (in a deploy the webapp's worker.ts does that). What this mode lacks: worker.ts itself, so
# the live stage's WebSocket (/live/*) and the edge guard; use `pnpm dev` to try those.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8787}"
API_PORT="${API_PORT:-$((PORT + 2))}"
STATE=.wrangler/state
SETUP_LOG=.wrangler/dev-setup.log

ensure_pnpm
ensure_deps
ensure_dev_vars
mkdir -p .wrangler && : > "$SETUP_LOG"
quietly() { "$@" >> "$SETUP_LOG" 2>&1 || { tail -n 40 "$SETUP_LOG"; echo "Failed: $* (whole log: $SETUP_LOG)" >&2; exit 1; }; }
log "Applying migrations to local D1 (details in $SETUP_LOG)"
quietly migrate_local "$STATE"
quietly pnpm exec tsx scripts/seed.ts "$STATE"

log "Starting the API Worker and the workers app (wrangler dev, reloads on save) on port $API_PORT"
pnpm exec wrangler dev -c apps/api/wrangler.jsonc -c apps/workers/wrangler.jsonc --persist-to "$STATE" \
  --ip 127.0.0.1 --port "$API_PORT" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false &
WORKERS_PID="$!"
trap 'kill "$WORKERS_PID" 2>/dev/null || true' EXIT

log "Starting the webapp (next dev, hot reload) on http://localhost:$PORT"
grep -E "ready: " "$SETUP_LOG" | sed 's/^ */    /'
cd apps/webapp && GREENROOM_DEV_API="http://127.0.0.1:$API_PORT" exec pnpm exec next dev --port "$PORT"
