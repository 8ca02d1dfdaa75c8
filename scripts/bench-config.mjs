// Writes the wrangler config that serves the built webapp behind the D1-counting wrapper (bench/pages/worker.js):
// the top-level wrangler.jsonc with `main` swapped for the wrapper, GREENROOM_BENCH=1 (the baseline page), paths
// rewritten for the new folder, and .dev.vars copied beside it (wrangler reads it from there). Generated, so the
// bindings and variables can never drift from the deployed Worker's. Used by scripts/bench.sh and
// scripts/e2e-server.sh; local only, never deployed.
// Usage: node scripts/bench-config.mjs OUT_DIR [MAIN]  → OUT_DIR/wrangler.jsonc (MAIN: another wrapper of the
// webapp entry, such as bench/live/worker.ts; default bench/pages/worker.js)
// With --workers instead of MAIN, the same for the workers app: apps/workers/wrangler.jsonc with `main` swapped for
// bench/stage/worker.ts (the workers app plus the stage ingestion baseline and routing bench routes).
// With --api, the same for the API Worker: apps/api/wrangler.jsonc with `main` swapped for bench/api/worker.js (its
// D1 counted) and GREENROOM_BENCH=1 (the baseline route); its name stays, so the webapp's API binding reaches it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

const outDir = resolve(process.argv[2] ?? ".bench/counted");
const workers = process.argv.includes("--workers");
const api = process.argv.includes("--api");
const root = resolve(".");
const source = workers ? "apps/workers/wrangler.jsonc" : api ? "apps/api/wrangler.jsonc" : "wrangler.jsonc";
const sourceDir = workers ? "apps/workers" : api ? "apps/api" : ".";
const { config, error } = ts.parseConfigFileTextToJson(source, readFileSync(source, "utf8"));
if (error || !config) throw new Error(`${source} could not be read`);
const fromOut = (path) => relative(outDir, join(root, path));

delete config.$schema;
if (!api) config.name = `${config.name}-${workers ? "bench" : "counted"}`;
config.main = fromOut(workers ? "bench/stage/worker.ts" : api ? "bench/api/worker.js" : (process.argv[3] ?? "bench/pages/worker.js"));
if (config.assets?.directory) config.assets.directory = fromOut(join(sourceDir, config.assets.directory));
for (const db of config.d1_databases ?? []) if (db.migrations_dir) db.migrations_dir = fromOut(join(sourceDir, db.migrations_dir));
config.vars = { ...config.vars, GREENROOM_BENCH: "1" };
delete config.observability;
delete config.triggers;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "wrangler.jsonc"), `${JSON.stringify(config, null, 2)}\n`);
const devVars = join(sourceDir, ".dev.vars");
if (existsSync(devVars)) copyFileSync(devVars, join(outDir, ".dev.vars"));
console.log(join(relative(root, outDir), "wrangler.jsonc"));
