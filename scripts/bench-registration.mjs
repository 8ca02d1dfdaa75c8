// Free registration under contention, against the built app: N visitors post the public page's registration form
// at once (as a browser without JavaScript would: a plain multipart form post to the server action) for a ticket
// type with 10 seats. Prints the outcome counts and p50/p99; bench.sh then reads the tickets from D1 for the
// oversell. Usage: node scripts/bench-registration.mjs <base-url> [count]
const [base, countArg] = process.argv.slice(2);
if (!base) throw new Error("usage: bench-registration.mjs <base-url> [count]");
const COUNT = Number(countArg ?? 50);
const PATH = "/e/registration-bench";

/** The attributes of each <input> inside the registration form of the page. */
function formInputs(html) {
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes('name="ticketTypeId"'));
  if (!form) throw new Error("no registration form on the page (is the ticket type open?)");
  return [...form.matchAll(/<input\b([^>]*)>/g)].map((m) => {
    const attrs = {};
    for (const a of m[1].matchAll(/([\w$:-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = (a[2] ?? "").replace(/&amp;/g, "&").replace(/&quot;/g, '"');
    return attrs;
  });
}

/** Waits (at most two minutes) for the server to answer, as it may still be starting. */
async function ready() {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(new URL("/signin", base))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${base} did not answer within two minutes`);
}

await ready();
// Warm the isolate on the page itself (the first render of a route compiles its code).
for (let i = 0; i < 3; i++) await (await fetch(new URL(PATH, base))).text();
const page = await fetch(new URL(PATH, base));
if (!page.ok) throw new Error(`${PATH} answered ${page.status}`);
const inputs = formInputs(await page.text());
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function register(i) {
  const body = new FormData();
  for (const input of inputs) {
    if (!input.name || input.type === "radio" && !("checked" in input)) continue;
    body.append(input.name, input.value ?? "");
  }
  body.set("name", `Bench visitor ${i}`);
  body.set("email", `bench-${i}-${Date.now().toString(36)}@bench.test`);
  const started = performance.now();
  const response = await fetch(new URL(PATH, base), { method: "POST", body, headers: { origin: base } });
  const text = await response.text();
  const ms = performance.now() - started;
  const outcome = text.includes("We sent a mail to") ? "registered" : /sold out/i.test(text) ? "sold_out" : `other (${response.status})`;
  return { ms, outcome };
}

const results = await Promise.all(Array.from({ length: COUNT }, (_, i) => register(i)));
const times = results.map((r) => r.ms).sort((a, b) => a - b);
const counts = {};
for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
console.log(`free registration: ${COUNT} concurrent posts for 10 seats`);
console.log(`  answers: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
console.log(`  latency: p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms`);
if ((counts.registered ?? 0) > 10) process.exitCode = 1;
