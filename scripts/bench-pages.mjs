// Drives the built webapp behind the counting wrapper (bench/pages, see scripts/bench.sh) on a loopback address:
// signs the demo organizer in, then requests the baseline page (root layout + one D1 query) and four organizer pages
// round-robin, one request at a time, and prints p50/p99 of each, its p50 ratio to the baseline from the same run,
// and the D1 round trips each request made (counted by the wrapper around the binding).
import { performance } from "node:perf_hooks";
import { signInThroughForm } from "./sign-in-form.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:8799";
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error(`only a loopback address: ${base}`);
// BENCH_SIZE=small (the test command): every part once at a small size, so a bench that stops working fails CI.
const SMALL = process.env.BENCH_SIZE === "small";
const WARMUP = SMALL ? 2 : 20;
const RUNS = SMALL ? 10 : 200;
const TARGET = 1.3;
// The seed's demo organizer and event (packages/config/src/demo.ts).
const EMAIL = "demo@greenroom.test";
const PASSWORD = "greenroom-demo-password";
const EVENT = "demo0event0launch0000001";

/** Cookie jar: name → value, from Set-Cookie headers. */
const jar = new Map();
const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
function keepCookies(response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const at = pair.indexOf("=");
    jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

async function request(path, init = {}) {
  const response = await fetch(`${base}${path}`, {
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
    ...init,
    headers: { cookie: cookieHeader(), "x-count-d1": "1", ...(init.headers ?? {}) },
  });
  keepCookies(response);
  return response;
}

async function waitForWorker() {
  for (let attempt = 0; attempt < 240; attempt++) {
    let response;
    try {
      response = await request("/signin");
      await response.arrayBuffer();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    if (response.ok) return;
    throw new Error(`/signin answered ${response.status}`);
  }
  throw new Error("the webapp did not answer within 2 minutes");
}

async function signIn() {
  await signInThroughForm(request, {
    origin: base,
    email: EMAIL,
    password: PASSWORD,
    hasSession: () => [...jar.keys()].some((name) => name.endsWith("authjs.session-token")),
  });
}

async function get(c) {
  const started = performance.now();
  const response = await request(c.path);
  const html = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${c.path} answered ${response.status}`);
  if (!html.includes(c.expect)) throw new Error(`${c.path} does not show "${c.expect}"`);
  return { ms, roundTrips: Number(response.headers.get("x-d1-round-trips")) };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

await waitForWorker();
await signIn();
const cases = [
  { name: "baseline (layout + 1 query)", path: "/dev/bench-baseline", expect: "Bench baseline" },
  { name: "/events", path: "/events", expect: "Greenroom Launch Live" },
  { name: "event page", path: `/events/${EVENT}`, expect: "Main stage" },
  { name: "access page", path: `/events/${EVENT}/access`, expect: "Greenroom Launch Live" },
  { name: "participants page", path: `/events/${EVENT}/participants`, expect: "Greenroom Launch Live" },
];
for (const c of cases) {
  c.samples = [];
  c.trips = new Set();
}
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const c of cases) {
    const { ms, roundTrips } = await get(c);
    c.trips.add(roundTrips);
    if (i >= WARMUP) c.samples.push(ms);
  }
}

const rows = cases.map((c) => {
  const sorted = [...c.samples].sort((a, b) => a - b);
  return { name: c.name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), trips: [...c.trips].sort().join("/") };
});
const fmt = (ms) => ms.toFixed(2).padStart(9);
console.log(`\nOrganizer pages, signed in as the demo organizer, ${RUNS} requests per page after ${WARMUP} warm-up`);
console.log(`(the built webapp Worker under wrangler dev on ${base}; times include the local HTTP hop)\n`);
console.log(`${"page".padEnd(30)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"p50 ratio".padStart(11)}  D1 round trips`);
for (const r of rows) {
  const ratio = r.p50 / rows[0].p50;
  const mark = r === rows[0] ? "" : ratio <= TARGET ? "" : "  (over the 1.3 target)";
  console.log(`${r.name.padEnd(30)}${fmt(r.p50)}${fmt(r.p99)}${`${ratio.toFixed(2)}x`.padStart(11)}  ${r.trips}${mark}`);
}
