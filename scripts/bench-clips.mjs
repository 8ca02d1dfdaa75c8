// Drives the clip generation bench Worker (bench/clips/worker.ts, started by scripts/bench-clips.sh) and prints the
// figure: generateClips for a three-hour session with 200 participants and 10,000 stage events, against a plain bulk
// insert of the same number of clip rows in the same run. Each run seeds a fresh session; runs alternate the two
// cases so drift on a noisy machine hits both alike. Times are wall clock from this client (loopback).
import { performance } from "node:perf_hooks";

const base = process.argv[2] ?? "http://127.0.0.1:8799";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
// BENCH_SIZE=small (the test command): one run of each case at the full size.
const RUNS = Number(process.argv[3] ?? (process.env.BENCH_SIZE === "small" ? 1 : 7));

async function call(method, path) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { method, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return { ms, body: JSON.parse(text) };
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

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

await waitForWorker();
// Warm-up: the first request of a fresh isolate pays for module loading.
const warm = await call("POST", "/seed");
await call("POST", `/generate?session=${warm.body.sessionId}`);

const generated = [];
const regenerated = [];
const baseline = [];
let clips = 0;
for (let run = 0; run < RUNS; run++) {
  const seeded = await call("POST", "/seed");
  if (seeded.body.events !== 10_000) throw new Error(`seeded ${seeded.body.events} events, not 10,000`);
  const first = await call("POST", `/generate?session=${seeded.body.sessionId}`);
  if (first.body.inserted !== 5_000 || first.body.total !== 5_000) throw new Error(`generated ${JSON.stringify(first.body)}`);
  clips = first.body.inserted;
  generated.push(first.ms);
  const again = await call("POST", `/generate?session=${seeded.body.sessionId}`);
  if (again.body.inserted !== 0) throw new Error(`a second run inserted ${again.body.inserted} clips`);
  regenerated.push(again.ms);
  const other = await call("POST", "/seed");
  const plain = await call("POST", `/baseline?session=${other.body.sessionId}&rows=${clips}`);
  if (plain.body.inserted !== clips) throw new Error(`baseline inserted ${plain.body.inserted}`);
  baseline.push(plain.ms);
}

console.log(`\nClip generation: 3-hour session, 200 participants, 10,000 stage events → ${clips} clips (${RUNS} runs, median)`);
console.log(`  generateClips (read events, pair, bulk insert): ${fmt(median(generated))}  [min ${fmt(Math.min(...generated))}, max ${fmt(Math.max(...generated))}]`);
console.log(`  generateClips again (idempotent, inserts 0):   ${fmt(median(regenerated))}`);
console.log(`  baseline: plain bulk insert of ${clips} clip rows: ${fmt(median(baseline))}`);
console.log(`  ratio generateClips / baseline: ${(median(generated) / median(baseline)).toFixed(2)}×`);
