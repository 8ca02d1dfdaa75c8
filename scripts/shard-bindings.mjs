// Prints the sessions shard bindings of apps/workers/wrangler.jsonc (SESSIONS_DB_0000 ..), one per line, checking
// that they are exactly the SESSIONS_SHARD_COUNT the same config declares.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const path = resolve(import.meta.dirname, "../apps/workers/wrangler.jsonc");
// JSONC: drop // comments that start a line or follow a value, keeping "//" inside strings (URLs) intact.
const text = readFileSync(path, "utf8").replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1");
const config = JSON.parse(text);
const shards = config.d1_databases.map((d) => d.binding).filter((b) => /^SESSIONS_DB_\d{4}$/.test(b));
const count = Number(config.vars.SESSIONS_SHARD_COUNT);
const expected = Array.from({ length: count }, (_, i) => `SESSIONS_DB_${String(i).padStart(4, "0")}`);
if (shards.join() !== expected.join()) {
  console.error(`apps/workers/wrangler.jsonc declares ${shards.join(", ")}, but SESSIONS_SHARD_COUNT=${count} wants ${expected.join(", ")}`);
  process.exit(1);
}
console.log(shards.join("\n"));
