#!/usr/bin/env bash
# Serves the already-built app for the e2e suite on a fresh, migrated local D1 state. The webapp runs behind the
# D1-counting wrapper (bench/pages/worker.js, with the bindings of wrangler.jsonc: see scripts/bench-config.mjs).
# A request that sends `x-count-d1: 1` gets its D1 round trips in `x-d1-round-trips`, so e2e/round-trips.spec.ts
# can hold every page to its budget; other requests pass through untouched.
source "$(dirname "$0")/lib.sh"
PORT="${1:-8788}"
STATE=.wrangler/e2e
rm -rf "$STATE"
ensure_dev_vars
migrate_local "$STATE" >/dev/null
pnpm exec tsx scripts/seed.ts "$STATE" >/dev/null
COUNTED_CONFIG="$(node scripts/bench-config.mjs .bench/e2e-counted)"
isolate_dev_registry "$STATE"
exec pnpm exec wrangler dev -c "$COUNTED_CONFIG" "${AUX_CONFIGS[@]}" \
  --port "$PORT" --ip 127.0.0.1 --persist-to "$STATE" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false
