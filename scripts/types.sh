#!/usr/bin/env bash
# Generates the binding types of both Workers from their wrangler configs (`wrangler types`, works offline).
# Secrets and .dev.vars settings are left out on purpose (--env-file /dev/null), so the output is the same on every
# machine: code reads variables only through @greenroom/config's schema. With --check, regenerates and then fails
# when the committed files differ (wrangler's own --check ignores --env-file, so it cannot be used here).
set -euo pipefail
cd "$(dirname "$0")/.."
export WRANGLER_SEND_METRICS=false
FILES=(apps/webapp/src/cloudflare-env.d.ts apps/workers/src/worker-configuration.d.ts apps/api/src/worker-configuration.d.ts)

# The webapp's Env, as `CloudflareEnv` (OpenNext's name). With the workers app's config, so the WORKERS service binding
# is typed by its StageRpc entrypoint; without the API Worker's, whose binding the webapp only forwards requests to
# (a plain Fetcher, so the webapp's type check never reads the API Worker's source).
pnpm exec wrangler types apps/webapp/src/cloudflare-env.d.ts -c wrangler.jsonc \
  -c apps/workers/wrangler.jsonc --env-interface CloudflareEnv --include-runtime=false --env-file /dev/null >/dev/null
# Its `main` is the OpenNext build output, which exists only after a build, and wrangler then adds a GlobalProps
# block (and another hash) for it. Nothing uses that, so drop both: the file is the same before and after a build.
node -e '
  const fs = require("node:fs");
  const file = "apps/webapp/src/cloudflare-env.d.ts";
  const text = fs.readFileSync(file, "utf8")
    .replace(/\tinterface GlobalProps \{\n\t\tmainModule: [^\n]*\n\t\}\n/, "")
    .replace(/ \(hash: [0-9a-f]+\)$/m, " (GlobalProps and hash removed by scripts/types.sh)");
  fs.writeFileSync(file, text);'
# The workers app's Env.
pnpm exec wrangler types apps/workers/src/worker-configuration.d.ts -c apps/workers/wrangler.jsonc \
  --include-runtime=false --env-file /dev/null >/dev/null

# The API Worker's Env, with the workers app's config so its WORKERS binding is typed by StageRpc too.
pnpm exec wrangler types apps/api/src/worker-configuration.d.ts -c apps/api/wrangler.jsonc -c apps/workers/wrangler.jsonc \
  --include-runtime=false --env-file /dev/null >/dev/null

if [ "${1:-}" = "--check" ] && [ -n "$(git status --porcelain -- "${FILES[@]}")" ]; then
  git status --short -- "${FILES[@]}"
  echo "The wrangler configs changed without regenerated binding types: run 'pnpm types' and commit the files." >&2
  exit 1
fi
