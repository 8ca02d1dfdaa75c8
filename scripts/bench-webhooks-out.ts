// pnpm bench, outgoing webhooks (BENCH_ONLY=webhooks-out; see scripts/bench.sh): against the workers app with its bench
// routes (bench/stage/worker.ts) on a fresh local D1, a local receiver on 127.0.0.1 verifies every request with the
// standardwebhooks library, as a program subscribed to an account would. The bench route subscribes a fresh account to
// order.placed at the receiver, writes N outbox rows (resources that do not exist: the body says `deleted`, so the
// figure is the delivery path, not the emitting verbs) and runs dispatch passes; each delivery is its own Workflow.
// Prints deliveries/s (first dispatch to last arrival), the delay from dispatch to arrival (p50, p99), and the lost
// (outbox events never received), duplicated and unsigned deliveries: lost and unsigned must be 0, else exit 1.
// Usage: tsx scripts/bench-webhooks-out.ts WORKERS_URL   BENCH_WEBHOOKS_OUT (default 300; BENCH_SIZE=small: 20).
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

const base = process.argv[2] ?? "";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
const setting = (name: string) => process.env[name];
const EVENTS = Number(setting("BENCH_WEBHOOKS_OUT") ?? (process.env.BENCH_SIZE === "small" ? 20 : 300));
if (!Number.isInteger(EVENTS) || EVENTS < 1 || EVENTS > 5000) throw new Error("BENCH_WEBHOOKS_OUT must be a whole number from 1 to 5000");
const TIMEOUT_MS = 180_000;
const secret = `whsec_${randomBytes(32).toString("base64")}`;
const verifier = new Webhook(secret);

const arrivals = new Map<string, number[]>();
let unsigned = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const at = Date.now();
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    try {
      verifier.verify(Buffer.concat(chunks).toString("utf8"), headers);
      const id = headers["webhook-id"] ?? "";
      arrivals.set(id, [...(arrivals.get(id) ?? []), at]);
    } catch {
      unsigned++;
    }
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

// wrangler dev takes a while to start on a busy machine.
for (let i = 0; ; i++) {
  const health = await fetch(`${base}/health`).catch(() => null);
  if (health?.ok) break;
  if (i > 300) throw new Error(`the workers app did not start at ${base}`);
  await new Promise((r) => setTimeout(r, 500));
}

const response = await fetch(`${base}/bench/webhooks-out?events=${EVENTS}`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ url: receiver, secret }),
});
if (!response.ok) throw new Error(`bench route answered ${response.status}: ${await response.text()}`);
const run = (await response.json()) as { dispatched: number; startedAt: number; messageIds: string[] };
const deadline = Date.now() + TIMEOUT_MS;
while (Date.now() < deadline && run.messageIds.some((id) => !arrivals.has(id))) await new Promise((r) => setTimeout(r, 200));
server.close();

const firsts = run.messageIds.flatMap((id) => arrivals.get(id)?.slice(0, 1) ?? []);
const lost = run.messageIds.length - firsts.length;
const duplicates = [...arrivals.values()].reduce((n, list) => n + list.length - 1, 0);
const delays = firsts.map((at) => at - run.startedAt).sort((a, b) => a - b);
const pct = (p: number) => delays[Math.min(delays.length - 1, Math.max(0, Math.ceil((p / 100) * delays.length) - 1))] ?? Number.NaN;
const last = Math.max(...firsts);
console.log(`Outgoing webhooks: ${EVENTS} order.placed events, one subscription, local receiver`);
console.log(`  dispatched ${run.dispatched} delivery Workflows; received ${firsts.length} signed, ${duplicates} duplicate(s)`);
console.log(`  throughput ${(firsts.length / ((last - run.startedAt) / 1000)).toFixed(1)} deliveries/s (first dispatch to last arrival)`);
console.log(`  delay from dispatch to arrival: p50 ${pct(50)} ms, p99 ${pct(99)} ms`);
console.log(`  lost ${lost}, unsigned ${unsigned}`);
if (lost > 0 || unsigned > 0) {
  console.error("outgoing webhooks lost or unsigned deliveries");
  process.exit(1);
}
