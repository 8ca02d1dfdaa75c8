// Drives the participants bench Worker (see scripts/bench.sh) on a loopback address and prints the figures.
// Cases run round-robin, one request at a time, so drift on a noisy machine hits every case alike.
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const base = process.argv[2] ?? "http://127.0.0.1:8799";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
// BENCH_SIZE=small (the test command): the same seed and cases, fewer requests.
const SMALL = process.env.BENCH_SIZE === "small";
const WARMUP = SMALL ? 2 : 20;
const RUNS = SMALL ? 10 : 200;
const DEEP_ROW = 90_000;

async function get(path) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(60_000) });
  const body = await response.json();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, body, roundTrips: Number(response.headers.get("x-d1-round-trips")) };
}

async function waitForWorker() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      await get("/page?mode=keyset");
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error("the bench Worker did not answer within 2 minutes");
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const same = (a, b) => a.length === b.length && a.every((id, i) => id === b[i]);

await waitForWorker();
const { body: deep } = await get(`/deep-cursor?offset=${DEEP_ROW}`);
const cases = [
  { name: "keyset, first page", path: "/page?mode=keyset" },
  { name: `keyset, page at row ${DEEP_ROW.toLocaleString("en")}`, path: `/page?mode=keyset&cursor=${deep.cursor}` },
  { name: "OFFSET, first page", path: "/page?mode=offset&offset=0" },
  { name: `OFFSET ${DEEP_ROW.toLocaleString("en")}`, path: `/page?mode=offset&offset=${DEEP_ROW}` },
];

// Both ways of paging must return the same 50 rows, or the comparison means nothing.
const answers = await Promise.all(cases.map((c) => get(c.path)));
for (const [keyset, offset] of [
  [0, 2],
  [1, 3],
]) {
  const a = answers[keyset].body.entryIds;
  const b = answers[offset].body.entryIds;
  if (a.length !== 50 || !same(a, b)) throw new Error(`${cases[keyset].name} and ${cases[offset].name} disagree`);
}

for (const c of cases) c.samples = [];
for (const c of cases) c.trips = new Set();
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const c of cases) {
    const { ms, roundTrips } = await get(c.path);
    c.trips.add(roundTrips);
    if (i >= WARMUP) c.samples.push(ms);
  }
}

const exports = [];
for (let i = 0; i < 3; i++) exports.push(await get("/export"));

const rows = cases.map((c) => {
  const sorted = [...c.samples].sort((a, b) => a - b);
  return { case: c.name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), roundTrips: [...c.trips].join("/") };
});
const ratio = (deepRow, firstRow) => rows[deepRow].p50 / rows[firstRow].p50;
const fmt = (ms) => ms.toFixed(2).padStart(8);

console.log(`\nParticipants page, 100,000 participants on one event, 50 per page, ${RUNS} requests per case after ${WARMUP} warm-up`);
console.log(`(wrangler dev on ${base}; times include the local HTTP hop)\n`);
console.log(`${"case".padEnd(28)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}  D1 round trips`);
for (const r of rows) console.log(`${r.case.padEnd(28)}${fmt(r.p50)}${fmt(r.p99)}  ${r.roundTrips}`);
console.log(`\ndeep/first p50 ratio: keyset ${ratio(1, 0).toFixed(2)}x, OFFSET (baseline) ${ratio(3, 2).toFixed(2)}x`);
const exportMs = exports.map((e) => e.ms).sort((a, b) => a - b);
const summary = exports[0].body;
console.log(
  `CSV export of all ${(summary.lines - 1).toLocaleString("en")} rows (${(summary.bytes / 1e6).toFixed(1)} MB): ` +
    `median ${exportMs[1].toFixed(0)} ms over 3 runs, ${summary.roundTrips} D1 round trips`,
);

mkdirSync(".bench", { recursive: true });
writeFileSync(
  ".bench/participants-results.json",
  JSON.stringify({ runs: RUNS, warmup: WARMUP, rows, keysetRatio: ratio(1, 0), offsetRatio: ratio(3, 2), export: summary, exportMs }, null, 2),
);
