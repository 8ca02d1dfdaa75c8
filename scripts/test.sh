#!/usr/bin/env bash
# Runs every check: typecheck, lint, migrations in sync, unit + workerd/D1 integration tests,
# the OpenNext build, the Playwright e2e suite in Debian's chromium, and the deploy dry run with bundle sizes.
source "$(dirname "$0")/lib.sh"

ensure_pnpm
ensure_deps
ensure_chromium
ensure_dev_vars
rm -rf .reports && mkdir -p .reports

log "Binding types match the wrangler configs (wrangler types)"
bash scripts/types.sh --check

log "Typecheck and lint (biome, package boundaries, the verb rule)"
pnpm exec turbo run typecheck lint
pnpm exec biome check --error-on-warnings scripts e2e bench ./*.ts
node scripts/lint-verbs.mjs
# The TypeScript outside the packages: the e2e suite and Playwright's config, the scripts, the bench Workers
# (bench/live imports the build output, so it is checked by the build that bundles it).
for project in e2e scripts bench/participants bench/stage bench/clips; do pnpm exec tsc --noEmit -p "$project/tsconfig.json"; done

log "Migrations match the Drizzle schema"
pnpm --filter @greenroom/db run db:generate >/dev/null
if [ -n "$(git ls-files --others --exclude-standard -- migrations)" ] || ! git diff --quiet -- migrations; then
  git status --short -- migrations
  echo "The schema changed without a committed migration: run 'pnpm db:generate' and commit migrations/." >&2
  exit 1
fi

log "Unit and integration tests (Node, and workerd with local D1)"
pnpm exec vitest run --reporter=default --reporter=json --outputFile=.reports/vitest.json

build_webapp

log "End-to-end tests (Playwright, Debian chromium, built Worker)"
pnpm exec playwright test

log "Every benchmark part once at a small size (BENCH_SIZE=small pnpm bench, on the build above)"
# Figures at this size are not the figures (pnpm bench prints those); this run proves each part still works, and
# each part's own checks (no oversell, no duplicates, every stage event once) still hold.
BENCH_SKIP_BUILD=1 BENCH_SIZE=small bash scripts/bench.sh

log "Deploy dry run and bundle sizes"
bash scripts/bundle-size.sh

node scripts/test-summary.mjs .reports/vitest.json .reports/e2e.json
