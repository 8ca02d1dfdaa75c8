// Live fan-out (scripts/bench.sh, BENCH_ONLY=live): N viewers hold a WebSocket to the demo room through the webapp's
// path (/live/rooms/<id>, token checked by the entry, forwarded to the room's RoomLive object); one stage change at a
// time goes through the service binding call the putOnStage verb makes; the time from sending the change to the
// LAST viewer receiving the new state is one sample. Prints p50/p99 for 1 viewer (the baseline) and for N viewers,
// from the same run on the same server.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";

const base = process.argv[2] ?? "http://127.0.0.1:8799";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
const VIEWERS = Number(process.argv[3] ?? 200);
// BENCH_SIZE=small (the test command): fewer changes (the viewer count comes from scripts/bench.sh).
const WARMUP = process.env.BENCH_SIZE === "small" ? 1 : 5;
const CHANGES = process.env.BENCH_SIZE === "small" ? 5 : 40;

async function waitForWorker() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${base}/bench/live/token?viewers=${VIEWERS}`, { signal: AbortSignal.timeout(30_000) });
      if (response.ok) return response.json();
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the webapp did not answer within 2 minutes");
}

/** Opens `count` viewers, each as its own bench user; each keeps the highest version it has seen and when it arrived. */
async function openViewers(count, roomId, tokens) {
  const url = `${base.replace(/^http/, "ws")}/live/rooms/${roomId}`;
  const viewers = [];
  // In batches, so the local server is not asked for 200 upgrades at once.
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) =>
      new Promise((resolve, reject) => {
        const token = tokens[(i + j) % tokens.length];
        const viewer = { socket: new WebSocket(url, ["greenroom.live", `token.${token}`]), version: -1, arrivals: new Map() };
        viewer.socket.on("message", (data) => {
          const state = JSON.parse(String(data));
          if (state.version > viewer.version) {
            viewer.version = state.version;
            viewer.arrivals.set(state.version, performance.now());
          }
        });
        viewer.socket.once("open", () => resolve(viewer));
        viewer.socket.once("error", reject);
        viewer.socket.once("unexpected-response", (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      }),
    );
    viewers.push(...(await Promise.all(batch)));
  }
  return viewers;
}

/** One change; resolves with ms from sending it to the last viewer holding a newer version, and the POST's own ms. */
async function oneChange(viewers) {
  const before = Math.max(...viewers.map((v) => v.version));
  const sent = performance.now();
  const response = await fetch(`${base}/bench/live/change`, { method: "POST" });
  const answered = performance.now();
  if (response.status === 409) return oneChange(viewers);
  if (!response.ok) throw new Error(`the stage change answered ${response.status}`);
  await response.arrayBuffer();
  const deadline = performance.now() + 10_000;
  while (viewers.some((v) => v.version <= before)) {
    if (performance.now() > deadline) throw new Error("a viewer did not get the change within 10 s");
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = Math.max(...viewers.map((v) => [...v.arrivals].find(([version]) => version > before)?.[1] ?? Number.POSITIVE_INFINITY));
  return { fanout: last - sent, post: answered - sent };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function run(count, roomId, tokens) {
  const viewers = await openViewers(count, roomId, tokens);
  const samples = [];
  const posts = [];
  for (let i = 0; i < WARMUP + CHANGES; i++) {
    const { fanout, post } = await oneChange(viewers);
    if (i >= WARMUP) {
      samples.push(fanout);
      posts.push(post);
    }
  }
  for (const v of viewers) v.socket.close(1000);
  samples.sort((a, b) => a - b);
  posts.sort((a, b) => a - b);
  return { count, p50: percentile(samples, 50), p99: percentile(samples, 99), postP50: percentile(posts, 50) };
}

const { roomId, tokens } = await waitForWorker();
const baseline = await run(1, roomId, tokens);
const fanout = await run(VIEWERS, roomId, tokens);
const fmt = (ms) => ms.toFixed(2).padStart(9);
console.log(`\nLive fan-out: ${CHANGES} stage changes after ${WARMUP} warm-up, one at a time, to the demo room's viewers`);
console.log(`(built webapp + workers app under one wrangler dev on ${base}; WebSockets through /live/rooms/<id>)\n`);
console.log(`${"viewers".padEnd(24)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"change POST p50".padStart(17)}`);
for (const r of [baseline, fanout]) {
  const name = r === baseline ? "1 (baseline)" : `${r.count} (last one counts)`;
  console.log(`${name.padEnd(24)}${fmt(r.p50)}${fmt(r.p99)}${fmt(r.postP50).padStart(17)}`);
}
console.log(`\np50 ratio ${VIEWERS} viewers / 1 viewer: ${(fanout.p50 / baseline.p50).toFixed(2)}x; p99 at ${VIEWERS} viewers within 2 s: ${fanout.p99 <= 2000 ? "yes" : "NO"}`);
process.exit(fanout.p99 <= 2000 ? 0 : 1);
