#!/usr/bin/env bash
# Runs Greenroom locally: installs what is missing, builds, migrates and seeds local D1, and serves both Workers.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8787}"
STATE=.wrangler/state

ensure_pnpm
ensure_deps
ensure_dev_vars
build_webapp
log "Applying migrations to local D1 (webapp and sessions)"
migrate_local "$STATE"
log "Seeding the demo organizer"
pnpm exec tsx scripts/seed.ts "$STATE"
log "Serving on http://localhost:$PORT"
serve_built "$PORT" "$STATE"
