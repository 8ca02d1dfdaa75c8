// pnpm bench, part 3 (see scripts/bench.sh): webhook ingestion against the built webapp on a loopback address.
// Seeds a Stripe connection (secret sealed with this machine's COMMERCE_KEYS), a ticket type opening the demo room and
// its SKU mapping with a price (so every delivery runs the amount check), and 200 verified buyers; then, at
// concurrency 10, with every check of a real delivery in place (signature, the per-connection request cap, the
// amount check, the closed-event check):
//   1. the baseline: POST /api/bench/baseline (one plain D1 insert per request; only with GREENROOM_BENCH=1);
//   2. signed Stripe checkouts, each a new order (2 tickets, a grant per buyer and room, the buyer's mail);
//   3. a redelivery storm: each of 20 further deliveries sent 20 times at once;
// and prints orders/s, p50 and p99 of each, the throughput ratio (target: at least 0.5), the D1 round trips of one
// new delivery and of one redelivery, and the duplicate orders, tickets and grants (must be 0, else exit 1; a held
// order or a delivery answered with anything but 200 fails the run too).
// Usage: tsx scripts/bench-webhooks.ts BASE_URL STATE_DIR
// BENCH_WEBHOOK_ORDERS (default 300) and BENCH_WEBHOOK_STORM (default 20) size the run; BENCH_SIZE=small (the test
// command's run) makes them 30 and 3: a smoke test that the bench still works and its checks still hold.
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import { CommerceKeyring, sealSecret } from "../packages/domain/src/commerce/secret-box";

const base = process.argv[2] ?? "";
const state = process.argv[3] ?? "";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
const CONCURRENCY = 10;
const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 3) throw new Error(`${name} must be a whole number from 3`);
  return value;
};
const small = process.env.BENCH_SIZE === "small";
const ORDERS = size("BENCH_WEBHOOK_ORDERS", small ? 30 : 300);
const STORM = size("BENCH_WEBHOOK_STORM", small ? 3 : 20);
const SECRET = `whsec_bench_${randomBytes(12).toString("hex")}`;
const SKU = "bench-pass";
const TYPE = "benchtickettype000000001";
const now = Math.floor(Date.now() / 1000);
const q = (value: string) => `'${value.replaceAll("'", "''")}'`;

function d1(command: string): Record<string, unknown>[] {
  const out = execFileSync(
    "pnpm",
    ["exec", "wrangler", "d1", "execute", "WEBAPP_DB", "--local", "-c", "wrangler.jsonc", "--persist-to", state, "--json", "--command", command],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  const parsed = JSON.parse(out) as { results: Record<string, unknown>[] }[];
  return parsed.at(-1)?.results ?? [];
}

async function seed() {
  const keys = /^COMMERCE_KEYS=(.+)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();
  if (!keys) throw new Error("COMMERCE_KEYS is missing from .dev.vars (scripts/lib.sh ensure_dev_vars writes it)");
  const sealed = await sealSecret(CommerceKeyring.parse(keys), SECRET, { accountId: demo.accountId, retailer: "stripe" });
  const buyers = Array.from({ length: 200 }, (_, i) => `('benchbuyer${String(i).padStart(6, "0")}', 'buyer${i}@bench.test', 'Buyer ${i}', 0, ${now}, ${now})`);
  d1(`
    INSERT OR REPLACE INTO retailer_connections (id, account_id, retailer, sealed_secret, created_at, updated_at)
      VALUES ('benchconnection000000001', ${q(demo.accountId)}, 'stripe', ${q(sealed)}, ${now}, ${now});
    INSERT OR IGNORE INTO ticket_types (id, account_id, event_id, name, created_at)
      VALUES (${q(TYPE)}, ${q(demo.accountId)}, ${q(demo.eventId)}, 'Bench pass', ${now});
    INSERT OR IGNORE INTO ticket_type_rooms (ticket_type_id, room_id) VALUES (${q(TYPE)}, ${q(demo.roomId)});
    INSERT OR IGNORE INTO external_sku_mappings (id, account_id, event_id, retailer, external_sku, ticket_type_id, unit_amount, currency, created_at)
      VALUES ('benchmapping000000000001', ${q(demo.accountId)}, ${q(demo.eventId)}, 'stripe', ${q(SKU)}, ${q(TYPE)}, 1250, 'EUR', ${now});
    INSERT OR IGNORE INTO users (id, email, name, session_version, email_verified_at, created_at) VALUES ${buyers.join(",")};`);
}

function checkout(i: number, tag: string) {
  const body = JSON.stringify({
    id: `evt_${tag}_${i}`,
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: `cs_${tag}_${i}`,
        payment_intent: `pi_${tag}_${i}`,
        payment_status: "paid",
        amount_total: 2500,
        currency: "eur",
        customer_details: { email: `buyer${i % 200}@bench.test`, name: `Buyer ${i}` },
        metadata: { greenroom_sku: SKU, greenroom_quantity: "2" },
      },
    },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
  return { body, headers: { "content-type": "application/json", "stripe-signature": `t=${t},v1=${v1}` } };
}

async function post(path: string, request: { body: string; headers: Record<string, string> }) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { method: "POST", ...request, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  if (text.includes('"held":true')) throw new Error(`${path}: an order was held; the bench's amounts must match the mapped price`);
  return performance.now() - started;
}

/** The D1 round trips of one request, as the counting wrapper reports them. */
async function roundTrips(path: string, request: { body: string; headers: Record<string, string> }) {
  const response = await fetch(`${base}${path}`, { method: "POST", body: request.body, headers: { ...request.headers, "x-count-d1": "1" } });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return Number(response.headers.get("x-d1-round-trips") ?? Number.NaN);
}

type Run = { times: number[]; seconds: number };

/** Runs jobs `from`..`to`-1 with `CONCURRENCY` in flight, adding latencies and wall time to `run`. */
async function drive(run: Run, from: number, to: number, job: (i: number) => Promise<number>) {
  let next = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < to) {
        const i = next++;
        run.times.push(await job(i));
      }
    }),
  );
  run.seconds += (performance.now() - started) / 1000;
}

function summary({ times, seconds }: Run) {
  const count = times.length;
  const wall = seconds;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)] ?? 0;
  return { perSecond: count / wall, p50: pct(50), p99: pct(99) };
}

async function waitForWorker() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${base}/signin`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the webapp did not answer within 2 minutes");
}

// Seed first: a connection left idle while wrangler d1 execute runs would be closed under the client's feet.
await seed();
await waitForWorker();
// Warm-up: both routes once, so neither pays the first request of the isolate.
await post("/api/bench/baseline", { body: "{}", headers: { "content-type": "application/json" } });
await post(`/api/hooks/stripe/${demo.eventId}`, checkout(0, "warm"));

const tag = randomBytes(4).toString("hex");
// Interleaved in three rounds, so a slow moment of the shared machine does not land on one side only.
const baselineRun: Run = { times: [], seconds: 0 };
const hooksRun: Run = { times: [], seconds: 0 };
const ROUNDS = 3;
for (let round = 0; round < ROUNDS; round++) {
  const from = Math.floor((round * ORDERS) / ROUNDS);
  const to = Math.floor(((round + 1) * ORDERS) / ROUNDS);
  const baselineBody = { body: checkout(0, "baseline").body, headers: { "content-type": "application/json" } };
  await drive(baselineRun, from, to, () => post("/api/bench/baseline", baselineBody));
  await drive(hooksRun, from, to, (i) => post(`/api/hooks/stripe/${demo.eventId}`, checkout(i, tag)));
}
const counted = checkout(0, `${tag}c`);
const freshTrips = await roundTrips(`/api/hooks/stripe/${demo.eventId}`, counted);
const duplicateTrips = await roundTrips(`/api/hooks/stripe/${demo.eventId}`, counted);
const baselineTrips = await roundTrips("/api/bench/baseline", { body: "{}", headers: { "content-type": "application/json" } });
const baseline = summary(baselineRun);
const hooks = summary(hooksRun);
const stormTag = `${tag}s`;
const stormStarted = performance.now();
for (let i = 0; i < STORM; i++) {
  const delivery = checkout(i, stormTag);
  await Promise.all(Array.from({ length: 20 }, () => post(`/api/hooks/stripe/${demo.eventId}`, delivery)));
}
const stormSeconds = (performance.now() - stormStarted) / 1000;

const [counts] = d1(`
  SELECT (SELECT count(*) FROM orders) AS orders,
         (SELECT count(*) - count(DISTINCT account_id || ':' || retailer || ':' || external_order_id) FROM orders) AS dupOrders,
         (SELECT count(*) FROM tickets) AS tickets,
         (SELECT count(*) - count(DISTINCT order_line_id || ':' || seq) FROM tickets) AS dupTicketKeys,
         (SELECT coalesce(sum(extra), 0) FROM (SELECT max(0, (SELECT count(*) FROM tickets t WHERE t.order_line_id = l.id) - l.quantity) AS extra FROM order_lines l)) AS extraTickets,
         (SELECT count(*) FROM access_grants WHERE source = 'ticket') AS grants,
         (SELECT count(*) FROM orders WHERE body -> '$.hold' IS NOT NULL) AS held,
         (SELECT count(*) - count(DISTINCT user_id || ':' || event_id || ':' || room_scope || ':' || role_id) FROM access_grants) AS dupGrants`);
const c = counts as Record<string, number>;
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log("\nWebhook ingestion (Stripe checkout.session.completed, 2 tickets each), concurrency 10, built Worker on wrangler dev");
console.log(`  baseline (one D1 insert):   ${baseline.perSecond.toFixed(1)} req/s   p50 ${ms(baseline.p50)}   p99 ${ms(baseline.p99)}`);
console.log(`  webhook ingestion:          ${hooks.perSecond.toFixed(1)} orders/s   p50 ${ms(hooks.p50)}   p99 ${ms(hooks.p99)}`);
console.log(`  p50 ratio webhook/baseline: ${(hooks.p50 / baseline.p50).toFixed(2)}`);
console.log(`  throughput ratio webhook/baseline: ${(hooks.perSecond / baseline.perSecond).toFixed(2)} (target: at least 0.5)`);
console.log(`  D1 round trips: new delivery ${freshTrips}, redelivery ${duplicateTrips}, baseline ${baselineTrips}`);
console.log(`  redelivery storm: ${STORM} deliveries x 20 concurrent copies in ${stormSeconds.toFixed(1)} s`);
console.log(`  totals: ${c.orders} orders, ${c.tickets} tickets, ${c.grants} ticket grants, ${c.held} held`);
const dups = { orders: c.dupOrders ?? -1, tickets: (c.dupTicketKeys ?? 0) + (c.extraTickets ?? 0), grants: c.dupGrants ?? -1 };
console.log(`  duplicates: orders ${dups.orders}, tickets ${dups.tickets}, grants ${dups.grants}`);
if (dups.orders !== 0 || dups.tickets !== 0 || dups.grants !== 0 || c.held !== 0) {
  console.error(c.held !== 0 ? "orders were held" : "duplicates found");
  process.exit(1);
}
