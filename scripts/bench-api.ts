// Part 1e of pnpm bench (BENCH_ONLY=api): the public API on the built app. One API key is seeded on the demo
// organizer's account (its secret hashed exactly as the Worker hashes it, with AUTH_SECRET from .dev.vars); then, one
// request at a time, GET /api/v1/health (one D1 read, no key: the baseline), GET /api/v1/me (key authentication
// alone) and GET /api/v1/events (authentication, rate limits and the list verb's one query), each measured from the
// same run, interleaved. Prints p50/p99 of each, the ratio events/health (target: at most 1.2) and authentication's share.
// Usage: tsx scripts/bench-api.ts BASE_URL STATE_DIR
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import { apiKeyDisplay, hashApiKeySecret, mintApiKeySecret } from "../packages/domain/src/api-keys/key-format";

const [base, state] = process.argv.slice(2);
if (!base || !state) throw new Error("usage: tsx scripts/bench-api.ts BASE_URL STATE_DIR");
const small = process.env.BENCH_SIZE === "small";
const REQUESTS = small ? 30 : 500;
const q = (value: string) => `'${value.replaceAll("'", "''")}'`;

function d1(command: string) {
  execFileSync(
    "pnpm",
    ["exec", "wrangler", "d1", "execute", "WEBAPP_DB", "--local", "-c", "wrangler.jsonc", "--persist-to", state as string, "--command", command],
    { encoding: "utf8", stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
}

async function seedKey(id: string): Promise<string> {
  const authSecret = /^AUTH_SECRET=(.+)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();
  if (!authSecret) throw new Error("AUTH_SECRET is missing from .dev.vars (scripts/lib.sh ensure_dev_vars writes it)");
  const secret = mintApiKeySecret();
  const now = Math.floor(Date.now() / 1000);
  d1(`INSERT INTO api_keys (id, account_id, user_id, name, display, secret_hash, scopes, expires_at, created_at)
      VALUES (${q(id)}, ${q(demo.accountId)}, ${q(demo.userId)}, 'bench', ${q(apiKeyDisplay(secret))},
              ${q(await hashApiKeySecret(authSecret, secret))}, '["events:read"]', ${now + 86_400}, ${now})`);
  return secret;
}

async function waitForApi() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${base}/api/v1/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the API did not answer within 2 minutes");
}

async function timed(path: string, headers: Record<string, string>, count = REQUESTS): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

// One key per measured route: each key may make 600 calls a minute (LIMITS.apiCallsPerKey), as in production.
const meAuth = { authorization: `Bearer ${await seedKey("benchapikey00000000000me")}` };
const listAuth = { authorization: `Bearer ${await seedKey("benchapikey0000000000list")}` };
await waitForApi();
// Warm each route (first-request compilation, the key cache) before measuring.
for (const [path, headers] of [["/api/v1/health", {}], ["/api/v1/me", meAuth], ["/api/v1/events", listAuth]] as const) await timed(path, headers, 20);
// Interleaved, one request of each route in turn, so a busy moment of the machine weighs on all three alike.
const health: number[] = [];
const me: number[] = [];
const list: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  health.push(...(await timed("/api/v1/health", {}, 1)));
  me.push(...(await timed("/api/v1/me", meAuth, 1)));
  list.push(...(await timed("/api/v1/events", listAuth, 1)));
}
for (const times of [health, me, list]) times.sort((a, b) => a - b);
const body = (await (await fetch(`${base}/api/v1/events`, { headers: listAuth })).json()) as { data: unknown[] };
if (!Array.isArray(body.data) || body.data.length === 0) throw new Error("GET /api/v1/events listed no events of the demo account");

console.log(`API, ${REQUESTS} requests each, one at a time${small ? " (BENCH_SIZE=small: not the published figures)" : ""}`);
console.log(`  baseline GET /api/v1/health (one D1 read): p50 ${ms(pct(health, 50))}   p99 ${ms(pct(health, 99))}`);
console.log(`  GET /api/v1/me (key authentication):       p50 ${ms(pct(me, 50))}   p99 ${ms(pct(me, 99))}`);
console.log(`  GET /api/v1/events:                        p50 ${ms(pct(list, 50))}   p99 ${ms(pct(list, 99))}`);
console.log(`  ratio events/baseline: p50 ${(pct(list, 50) / pct(health, 50)).toFixed(2)}   p99 ${(pct(list, 99) / pct(health, 99)).toFixed(2)} (target: at most 1.2)`);
const share = Math.max(0, pct(me, 50) - pct(health, 50)) / pct(list, 50);
console.log(`  authentication's share of GET /api/v1/events at p50: ${(share * 100).toFixed(0)}%`);
