// Drives the credit ledger bench Worker (bench/credits/worker.ts, started by scripts/bench-credits.sh) and prints the
// figures from one run on one shard:
//   1. the balance read (the account's latest ledger row) at 1,000 entries against 1,000,000 (BENCH_SIZE=small:
//      100,000), interleaved, timed inside the Worker; the ratio of the means (target ≤ 1.2), and for context the
//      balance derived by SUM(amount) over the large ledger once;
//   2. 1-minute debits through the conditional appendCredit at concurrency 50 against plain INSERTs of as many rows,
//      with the final balance checked (the credit covers only part of the debits, so refusals are exercised too).
import { performance } from "node:perf_hooks";

const base = process.argv[2] ?? "http://127.0.0.1:8799";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
const small = process.env.BENCH_SIZE === "small";
const SMALL_ROWS = 1_000;
const LARGE_ROWS = small ? 100_000 : 1_000_000;
const SEED_CHUNK = 100_000;
const READS = small ? 200 : 2_000;
const DEBITS = small ? 200 : 1_000;
const CONCURRENCY = 50;

async function call(method, path) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { method, signal: AbortSignal.timeout(300_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return { ms: performance.now() - started, body: JSON.parse(text) };
}

async function waitForWorker() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      await call("GET", "/health");
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error("the bench Worker did not answer within 2 minutes");
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const fmt = (ms) => `${ms.toFixed(3)} ms`;

async function seed(account, rows) {
  for (let from = 0; from < rows; from += SEED_CHUNK) {
    const to = Math.min(rows, from + SEED_CHUNK);
    const { body } = await call("POST", `/seed?account=${account}&rows=${to}&from=${from}`);
    if (body.inserted !== to - from) throw new Error(`seeded ${body.inserted} rows, not ${to - from}`);
  }
}

await waitForWorker();
const smallAccount = "bench_small";
const largeAccount = "bench_large";
await seed(smallAccount, SMALL_ROWS);
const seeding = performance.now();
await seed(largeAccount, LARGE_ROWS);
const seededMs = performance.now() - seeding;

// Warm-up, then the interleaved reads.
await call("POST", `/reads?small=${smallAccount}&large=${largeAccount}&n=20`);
// At most 100 reads of each per request, so no invocation runs into the Worker's limits.
const reads = { times: { small: [], large: [] }, balances: {} };
for (let done = 0; done < READS; done += 100) {
  const { body } = await call("POST", `/reads?small=${smallAccount}&large=${largeAccount}&n=${Math.min(100, READS - done)}`);
  reads.times.small.push(...body.times.small);
  reads.times.large.push(...body.times.large);
  reads.balances = body.balances;
}
if (reads.balances.small !== SMALL_ROWS || reads.balances.large !== LARGE_ROWS) {
  throw new Error(`balances read ${JSON.stringify(reads.balances)}, not ${SMALL_ROWS} and ${LARGE_ROWS}`);
}
const { body: summed } = await call("POST", `/sum?account=${largeAccount}`);
if (summed.total !== LARGE_ROWS) throw new Error(`SUM gave ${summed.total}`);

// Debits: the account holds 3/4 of what the debits ask, so a quarter are refused and the balance ends at exactly 0.
const debitAccount = "bench_debits";
const covered = Math.floor((DEBITS * 3) / 4);
await seed(debitAccount, covered);
const { body: debited } = await call("POST", `/debits?account=${debitAccount}&n=${DEBITS}&c=${CONCURRENCY}`);
if (debited.ok !== covered || debited.balance !== 0) throw new Error(`debits: ${debited.ok} written, balance ${debited.balance}; expected ${covered} and 0`);
const { body: plained } = await call("POST", `/plain?account=bench_plain&n=${DEBITS}&c=${CONCURRENCY}`);
if (plained.ok !== DEBITS) throw new Error(`plain inserts: ${plained.ok} of ${DEBITS}`);

const ratio = mean(reads.times.large) / mean(reads.times.small);
console.log(`\nCredit ledger on one local sessions shard (${READS} reads of each, interleaved, timed in the Worker)`);
console.log(`  balance read at ${SMALL_ROWS.toLocaleString("en")} entries:   p50 ${fmt(pct(reads.times.small, 50))}  p99 ${fmt(pct(reads.times.small, 99))}  mean ${fmt(mean(reads.times.small))}`);
console.log(`  balance read at ${LARGE_ROWS.toLocaleString("en")} entries: p50 ${fmt(pct(reads.times.large, 50))}  p99 ${fmt(pct(reads.times.large, 99))}  mean ${fmt(mean(reads.times.large))}`);
console.log(`  ratio large / small (means): ${ratio.toFixed(2)}× (target ≤ 1.2×; one statement, one round trip)`);
console.log(`  for context, SUM(amount) over the ${LARGE_ROWS.toLocaleString("en")} entries once: ${fmt(summed.ms)} (seeding took ${(seededMs / 1000).toFixed(1)} s)`);
console.log(`  ${DEBITS} debits through appendCredit at concurrency ${CONCURRENCY}: ${(DEBITS / (debited.ms / 1000)).toFixed(0)}/s (${debited.ok} written, ${DEBITS - debited.ok} refused, final balance ${debited.balance})`);
console.log(`  ${DEBITS} plain INSERTs at concurrency ${CONCURRENCY}: ${(DEBITS / (plained.ms / 1000)).toFixed(0)}/s; time conditional / plain ${(debited.ms / plained.ms).toFixed(2)}×`);
if (ratio > 1.2) console.log("  WARNING: the large ledger's read is more than 1.2× the small one's on this run");
