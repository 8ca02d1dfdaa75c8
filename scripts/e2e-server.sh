#!/usr/bin/env bash
# Serves the already-built app for the e2e suite on a fresh, migrated local D1 state.
source "$(dirname "$0")/lib.sh"
PORT="${1:-8788}"
STATE=.wrangler/e2e
rm -rf "$STATE"
ensure_dev_vars
migrate_local "$STATE" >/dev/null
pnpm exec tsx scripts/seed.ts "$STATE" >/dev/null
serve_built "$PORT" "$STATE"
