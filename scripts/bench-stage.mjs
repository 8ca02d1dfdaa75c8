// pnpm bench, stage parts (see scripts/bench.sh). Three modes:
//   ingest WEBAPP_URL OUT_JSON   signs the demo organizer in and sends stage changes through the real webapp path
//                                (POST /api/rooms/<room>/stage → domain verb → service binding → workers app → shard)
//                                at concurrency 10: each lane puts its own participants on stage and takes them off.
//                                Writes the figures to OUT_JSON.
//   baseline WORKERS_URL IN_JSON SHARD
//                                the same number of rows inserted raw inside the workers app (D1 batch()), then
//                                prints both rates and their ratio.
//   routing WORKERS_URL          the same stage timeline read on a fixed binding and through routed(), interleaved,
//                                inside the workers app; prints p50/p99/mean of each and the ratios.
import { readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { signInThroughForm } from "./sign-in-form.mjs";

const [mode, base, file, shard] = process.argv.slice(2);
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base ?? "")) throw new Error(`only a loopback address: ${base}`);
const CONCURRENCY = 10;
// BENCH_SIZE=small (the test command): 40 events instead of 400; scripts/bench.sh checks the same count in D1.
const EVENTS = process.env.BENCH_SIZE === "small" ? 40 : 400;
const WARMUP = process.env.BENCH_SIZE === "small" ? 10 : 20;
// The seed's demo organizer and room (packages/config/src/demo.ts).
const EMAIL = "demo@greenroom.test";
const PASSWORD = "greenroom-demo-password";
const ROOM = "demo0room0mainstage00001";

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const sortedOf = (values) => [...values].sort((a, b) => a - b);
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (n, digits = 1) => n.toFixed(digits);

function jarOf(initial = new Map()) {
  const jar = new Map(initial);
  return {
    jar,
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
    keep(response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(";");
        const at = pair.indexOf("=");
        jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
    },
  };
}

async function call(cookies, path, init = {}) {
  const response = await fetch(`${base}${path}`, {
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
    ...init,
    headers: { cookie: cookies.header(), ...(init.headers ?? {}) },
  });
  cookies.keep(response);
  return response;
}

async function waitFor(path, cookies = jarOf()) {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await call(cookies, path);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${base}${path} did not answer within 2 minutes`);
}

async function signIn() {
  const cookies = jarOf();
  await signInThroughForm((path, init) => call(cookies, path, init), {
    origin: base,
    email: EMAIL,
    password: PASSWORD,
    hasSession: () => [...cookies.jar.keys()].some((name) => name.endsWith("authjs.session-token")),
  });
  return cookies.jar;
}

/** Lane `lane` sends `count` changes in order: participant k on, then off. Returns each request's latency. */
async function lane(session, run, lane, count) {
  const cookies = jarOf(session);
  const times = [];
  for (let step = 0; step < count; step++) {
    // Guests by name (participant id `guest:<name>`): a run's rows are then the ones whose id starts `guest:<run>-`.
    const participant = `${run}-lane${lane}-p${Math.floor(step / 2)}`.toLowerCase();
    const change = step % 2 === 0 ? { action: "on_stage", guestName: participant } : { action: "off_stage", participantId: `guest:${participant}`, participantName: participant };
    const body = JSON.stringify({ ...change, requestId: `${participant}-${step}`.padEnd(8, "-") });
    const started = performance.now();
    const response = await call(cookies, `/api/rooms/${ROOM}/stage`, { method: "POST", body, headers: { "content-type": "application/json" } });
    const text = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`stage change answered ${response.status}: ${text.slice(0, 200)}`);
  }
  return times;
}

async function ingest() {
  await waitFor("/signin");
  const session = await signIn();
  const run = `r${Date.now().toString(36)}`;
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, l) => lane(session, `${run}w`, l, WARMUP / CONCURRENCY)));
  const started = performance.now();
  const lanes = await Promise.all(Array.from({ length: CONCURRENCY }, (_, l) => lane(session, run, l, EVENTS / CONCURRENCY)));
  const ms = performance.now() - started;
  const times = sortedOf(lanes.flat());
  const result = { events: EVENTS, lanes: CONCURRENCY, ms, p50: percentile(times, 50), p99: percentile(times, 99), run };
  writeFileSync(file, JSON.stringify(result));
  console.log(
    `  webapp → service binding → workers: ${EVENTS} stage events at concurrency ${CONCURRENCY} in ${fixed(ms, 0)} ms: ` +
      `${fixed((EVENTS / ms) * 1000)} events/s (per request p50 ${fixed(result.p50)} ms, p99 ${fixed(result.p99)} ms)`,
  );
}

async function baseline() {
  const webapp = JSON.parse(readFileSync(file, "utf8"));
  await waitFor("/health");
  const query = `shard=${shard}&account=demo0organizer0account01&room=${ROOM}&events=${webapp.events}&lanes=${webapp.lanes}`;
  const runs = [];
  for (let i = 0; i < 4; i++) {
    const response = await fetch(`${base}/bench/ingest-baseline?${query}`, { method: "POST" });
    const body = await response.json();
    if (body.inserted !== webapp.events) throw new Error(`baseline inserted ${body.inserted} of ${webapp.events}`);
    if (i > 0) runs.push(body.ms); // the first one warms up
  }
  const ms = sortedOf(runs)[1];
  const webappRate = (webapp.events / webapp.ms) * 1000;
  const rawRate = (webapp.events / ms) * 1000;
  console.log(
    `  raw D1 batch insert of the same ${webapp.events} rows inside the workers app (batches of 100, median of 3): ` +
      `${fixed(ms, 0)} ms: ${fixed(rawRate)} events/s`,
  );
  console.log(`  ratio raw / webapp path: ${fixed(rawRate / webappRate, 2)}x (the webapp path reaches ${fixed((webappRate / rawRate) * 100)}% of the raw rate)`);
}

async function routing() {
  await waitFor("/health");
  const ask = async (iterations) => {
    const response = await fetch(`${base}/bench/routing?iterations=${iterations}`, { method: "POST" });
    if (!response.ok) throw new Error(`routing bench answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  await ask(100);
  const { iterations, fixed: onBinding, routed } = await ask(2000);
  const a = sortedOf(onBinding);
  const b = sortedOf(routed);
  console.log(`  stage timeline read, ${iterations} times each, interleaved (workerd's clock advances per I/O, in ms):`);
  console.log(`    fixed binding: p50 ${fixed(percentile(a, 50))} ms, p99 ${fixed(percentile(a, 99))} ms, mean ${fixed(mean(a), 3)} ms`);
  console.log(`    routed()     : p50 ${fixed(percentile(b, 50))} ms, p99 ${fixed(percentile(b, 99))} ms, mean ${fixed(mean(b), 3)} ms`);
  console.log(
    `    ratio routed / fixed: p50 ${fixed(percentile(b, 50) / percentile(a, 50), 2)}, p99 ${fixed(percentile(b, 99) / percentile(a, 99), 2)}, ` +
      `mean ${fixed(mean(b) / mean(a), 3)}`,
  );
}

const modes = { ingest, baseline, routing };
if (!modes[mode]) throw new Error("usage: bench-stage.mjs ingest|baseline|routing URL [FILE] [SHARD]");
await modes[mode]();
