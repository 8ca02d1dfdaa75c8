#!/usr/bin/env bash
# Runs Greenroom locally: installs what is missing, builds, migrates and seeds local D1, and serves the three Workers.
# The set-up's long output (the build, every migration table) goes to .wrangler/dev-setup.log; the screen shows each
# step, and once the server answers, the address and the demo sign-ins.
source "$(dirname "$0")/lib.sh"
PORT="${PORT:-8787}"
STATE=.wrangler/state
SETUP_LOG=.wrangler/dev-setup.log

ensure_pnpm
ensure_deps
ensure_dev_vars
mkdir -p .wrangler && : > "$SETUP_LOG"
quietly() { "$@" >> "$SETUP_LOG" 2>&1 || { tail -n 40 "$SETUP_LOG"; echo "Failed: $* (whole log: $SETUP_LOG)" >&2; exit 1; }; }
log "Building the webapp Worker (OpenNext, a minute or two; details in $SETUP_LOG)"
quietly build_webapp
log "Applying migrations to local D1 (webapp and sessions; details in $SETUP_LOG)"
quietly migrate_local "$STATE"
log "Seeding the demo organizer and the platform admin"
quietly pnpm exec tsx scripts/seed.ts "$STATE"
log "Starting the Workers on http://localhost:$PORT"

# Once the server answers, the sign-ins come last on the screen (wrangler's own banner prints before them).
(
  for _ in $(seq 1 240); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$PORT/signin"; then
      printf '\n\033[1;32m==>\033[0m Greenroom is ready on http://localhost:%s\n' "$PORT"
      # The seed's own lines: "Demo organizer ready: <email> / <password>", "Platform admin ready: ...".
      grep -E "ready: " "$SETUP_LOG" | sed 's/^ */    /'
      printf '    Local mail: http://localhost:%s/dev/outbox\n\n' "$PORT"
      exit 0
    fi
    sleep 1
  done
) &
serve_built "$PORT" "$STATE"
