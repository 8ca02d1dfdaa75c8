# Shared set-up for the README commands: installs what is missing, idempotently.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export NEXT_TELEMETRY_DISABLED=1 WRANGLER_SEND_METRICS=false TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
# wrangler dev fetches a sample `Request.cf` object from workers.cloudflare.com at every start, and prints a stack
# trace when it cannot (offline, or no route out). Its own switch turns that off: requests get a built-in default.
export CLOUDFLARE_CF_FETCH_ENABLED=false
PNPM_VERSION=10.34.8
# The Workers every local server runs beside the webapp (first config) in one workerd: the workers app, and the API
# Worker the webapp forwards /api/v1 to. Service bindings between them resolve in-process.
AUX_CONFIGS=(-c apps/workers/wrangler.jsonc -c apps/api/wrangler.jsonc)

# Wrangler's dev registry is machine-wide: when any other `wrangler dev` starts or stops (another checkout's test
# run, a `pnpm dev`), every running one reloads its Workers, and a POST in flight then gets a 503 ("Your worker
# restarted mid-request"). Servers started by these scripts run both Workers in one process and need no registry,
# so each gets a private one. Call with the folder to use.
isolate_dev_registry() {
  export WRANGLER_REGISTRY_PATH="$ROOT/$1/dev-registry"
  mkdir -p "$WRANGLER_REGISTRY_PATH"
}

# The first free TCP port on 127.0.0.1 from $1 (default 8799) to $2 (default $1 + 100).
free_port() {
  node -e '
    const net = require("node:net");
    const [from, to] = process.argv.slice(1).map(Number);
    const tryPort = (port) => {
      if (port > to) process.exit(1);
      const server = net.createServer().once("error", () => tryPort(port + 1));
      server.listen(port, "127.0.0.1", () => server.close(() => console.log(String(port))));
    };
    tryPort(from);' "${1:-8799}" "${2:-$((${1:-8799} + 100))}"
}

# wrangler dev opens a DevTools inspector on 9229 unless told, and a second server on the machine (another checkout's
# test run, a pnpm dev) then fails at start with "Address already in use". Each server started by these scripts asks
# for a free one.
inspector_port() { free_port 9230 9429; }

log() { printf '\n\033[1;32m==>\033[0m %s\n' "$*"; }

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
    log "Installing pnpm $PNPM_VERSION"
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null
  fi
}

ensure_deps() {
  log "Installing dependencies"
  if [ "${CI:-}" = "true" ]; then pnpm install --frozen-lockfile; else pnpm install; fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "Installing Debian's chromium"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

ensure_dev_vars() {
  # wrangler reads secrets and local-only settings from .dev.vars beside each config; deploys never see it.
  touch .dev.vars
  if ! grep -q '^AUTH_SECRET=' .dev.vars; then
    log "Writing a fresh AUTH_SECRET to .dev.vars"
    printf 'AUTH_SECRET=%s\n' "$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64url"))')" >> .dev.vars
  fi
  # Local mail lands in the outbox table and /dev/outbox shows it. A deploy must set MAIL_TRANSPORT itself
  # (http, with MAIL_API_URL, MAIL_API_KEY, MAIL_FROM and APP_URL): unset, every request fails naming it.
  # The API Worker runs the same verbs with the same secrets: its .dev.vars is the same file.
  [ -e apps/api/.dev.vars ] || ln -s ../../.dev.vars apps/api/.dev.vars
  grep -q '^MAIL_TRANSPORT=' .dev.vars || printf 'MAIL_TRANSPORT=local\n' >> .dev.vars
  # `wrangler dev` with several configs drops the API Worker's rate limit bindings (only the first config keeps
  # its `ratelimits`); this asks the API Worker for in-memory ones instead (apps/api/src/local-limits.ts).
  grep -q '^GREENROOM_LOCAL_RATE_LIMITS=' .dev.vars || printf 'GREENROOM_LOCAL_RATE_LIMITS=memory\n' >> .dev.vars
  # The key that seals retailer webhook secrets and API tokens (AES-GCM, versioned: the last entry seals).
  if ! grep -q '^COMMERCE_KEYS=' .dev.vars; then
    log "Writing a fresh COMMERCE_KEYS to .dev.vars"
    printf 'COMMERCE_KEYS=v1:%s\n' "$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')" >> .dev.vars
  fi
  # The workers app opens outgoing webhook signing secrets with the same keys: its .dev.vars sits beside its config.
  touch apps/workers/.dev.vars
  grep -q '^COMMERCE_KEYS=' apps/workers/.dev.vars || grep '^COMMERCE_KEYS=' .dev.vars >> apps/workers/.dev.vars
}

# Applies both databases' migrations to the local state folder given (default .wrangler/state).
migrate_local() {
  local state="${1:-.wrangler/state}"
  pnpm exec wrangler d1 migrations apply WEBAPP_DB --local -c wrangler.jsonc --persist-to "$state"
  local shard
  local register=""
  for shard in $(node scripts/shard-bindings.mjs); do
    pnpm exec wrangler d1 migrations apply "$shard" --local -c apps/workers/wrangler.jsonc --persist-to "$state"
    register+="INSERT OR IGNORE INTO shards (id, mode, note, created_at) VALUES ('${shard#SESSIONS_DB_}', 'shared', '', 0);"
  done
  # The shard registry, as the workers app's reconciler keeps it in a deploy (its Cron Trigger never fires locally).
  pnpm exec wrangler d1 execute WEBAPP_DB --local -c wrangler.jsonc --persist-to "$state" --command "$register" >/dev/null
}

build_webapp() {
  log "Building the webapp Worker (OpenNext)"
  pnpm exec turbo run cf:build --filter=@greenroom/webapp
}

# Runs the built webapp Worker and the workers app in one workerd, on the given port and state folder.
serve_built() {
  local port="$1" state="$2"
  exec pnpm exec wrangler dev -c wrangler.jsonc "${AUX_CONFIGS[@]}" \
    --port "$port" --ip 127.0.0.1 --persist-to "$state" --inspector-port "$(inspector_port)" --show-interactive-dev-session=false
}
