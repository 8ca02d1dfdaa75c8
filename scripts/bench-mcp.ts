// Part 1f of pnpm bench (BENCH_ONLY=mcp, or after part 1e on its server): MCP at /mcp on the built app. An API key
// with every scope is seeded on the demo organizer's account (hashed as the Worker hashes it); the official 2.x client
// negotiates the current revision (2026-07-28) and, one request at a time and interleaved with the one-query
// baseline GET /api/v1/health, sends tools/list and tools/call (get_event on the demo event). Prints p50/p99 of each
// and the CPU time per call: the local workerd processes' own CPU (utime + stime from /proc, so every Worker of the
// session and local D1's SQLite), measured over a block of calls of one kind, minus nothing; the baseline's block
// shows what a plain one-query request costs on the same processes. The free plan allows 10 ms of CPU per request.
// Usage: tsx scripts/bench-mcp.ts BASE_URL STATE_DIR SERVER_PID
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { apiKeyDisplay, hashApiKeySecret, mintApiKeySecret } from "../packages/domain/src/api-keys/key-format";

const [base, state, serverPid] = process.argv.slice(2);
if (!base || !state || !serverPid) throw new Error("usage: tsx scripts/bench-mcp.ts BASE_URL STATE_DIR SERVER_PID");
const small = process.env.BENCH_SIZE === "small";
// Each key may make 600 calls a minute (as in production): one key per MCP operation, under 600 calls each.
const REQUESTS = small ? 20 : 250;
const q = (value: string) => `'${value.replaceAll("'", "''")}'`;
const SCOPES = ["events", "attendees", "orders", "invitations", "checkins", "recording", "clips"].map((r) => `${r}:write`);

async function seedKey(id: string): Promise<string> {
  const authSecret = /^AUTH_SECRET=(.+)$/m.exec(readFileSync(".dev.vars", "utf8"))?.[1]?.trim();
  if (!authSecret) throw new Error("AUTH_SECRET is missing from .dev.vars (scripts/lib.sh ensure_dev_vars writes it)");
  const secret = mintApiKeySecret();
  const now = Math.floor(Date.now() / 1000);
  execFileSync(
    "pnpm",
    [
      ...["exec", "wrangler", "d1", "execute", "WEBAPP_DB", "--local", "-c", "wrangler.jsonc", "--persist-to", state as string, "--command"],
      `INSERT INTO api_keys (id, account_id, user_id, name, display, secret_hash, scopes, expires_at, created_at)
       VALUES (${q(id)}, ${q(demo.accountId)}, ${q(demo.userId)}, 'bench mcp', ${q(apiKeyDisplay(secret))},
               ${q(await hashApiKeySecret(authSecret, secret))}, ${q(JSON.stringify(SCOPES))}, ${now + 86_400}, ${now})`,
    ],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  return secret;
}

/** The workerd processes under the server's process tree, found through /proc (Linux). */
function workerdPids(root: number): number[] {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      names.set(Number(entry), name);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      if (names.get(child) === "workerd") found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim() || 100);
/** CPU time (ms) the processes have used so far: utime + stime. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

let posts = 0;
const counting: typeof fetch = (input, init) => {
  if ((init?.method ?? "GET") === "POST") posts++;
  return fetch(input, init);
};

async function connected(keyId: string): Promise<Client> {
  const secret = await seedKey(keyId);
  const client = new Client({ name: "bench-mcp", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  const headers = { authorization: `Bearer ${secret}` };
  await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", base), { requestInit: { headers }, fetch: counting }));
  if (client.getNegotiatedProtocolVersion() !== "2026-07-28") throw new Error(`negotiated ${client.getNegotiatedProtocolVersion()}`);
  return client;
}
const lister = await connected("benchmcpkey00000000000list");
const caller = await connected("benchmcpkey00000000000call");

let toolCount = 0;
const ops = {
  health: async () => {
    const response = await fetch(`${base}/api/v1/health`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`health answered ${response.status}`);
  },
  list: async () => {
    const { tools } = await lister.listTools();
    if (tools.length < 10) throw new Error(`tools/list listed ${tools.length} tools`);
    toolCount = tools.length;
  },
  call: async () => {
    const result = (await caller.callTool({ name: "get_event", arguments: { eventId: demo.eventId } })) as { isError?: boolean };
    if (result.isError) throw new Error("get_event failed");
  },
};
type Op = keyof typeof ops;

async function timedOnce(op: Op): Promise<number> {
  const started = performance.now();
  await ops[op]();
  return performance.now() - started;
}

for (const op of Object.keys(ops) as Op[]) for (let i = 0; i < 20; i++) await timedOnce(op);
// One HTTP request per MCP operation (stateless: no session, no handshake per call).
posts = 0;
await ops.list();
await ops.call();
if (posts !== 2) throw new Error(`expected one POST per MCP operation, saw ${posts} for two`);

const times: Record<Op, number[]> = { health: [], list: [], call: [] };
for (let i = 0; i < REQUESTS; i++) for (const op of Object.keys(ops) as Op[]) times[op].push(await timedOnce(op));
for (const list of Object.values(times)) list.sort((a, b) => a - b);

const pids = workerdPids(Number(serverPid));
if (pids.length === 0) throw new Error("no workerd process under the server's process tree");
const cpu: Record<Op, number> = { health: 0, list: 0, call: 0 };
for (const op of Object.keys(ops) as Op[]) {
  const before = cpuMs(pids);
  for (let i = 0; i < REQUESTS; i++) await ops[op]();
  cpu[op] = (cpuMs(pids) - before) / REQUESTS;
}
await lister.close();
await caller.close();

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(`MCP (2026-07-28, 2.x client), ${REQUESTS} requests each, one at a time${small ? " (BENCH_SIZE=small: not the published figures)" : ""}`);
console.log(`  baseline GET /api/v1/health:     p50 ${ms(pct(times.health, 50))}   p99 ${ms(pct(times.health, 99))}   workerd CPU/request ${ms(cpu.health)}`);
console.log(`  tools/list (${toolCount} tools):          p50 ${ms(pct(times.list, 50))}   p99 ${ms(pct(times.list, 99))}   workerd CPU/call ${ms(cpu.list)}`);
console.log(`  tools/call get_event:            p50 ${ms(pct(times.call, 50))}   p99 ${ms(pct(times.call, 99))}   workerd CPU/call ${ms(cpu.call)}`);
console.log(`  (CPU: all workerd processes of the session, both Workers and local D1; ${pids.length} processes, ${TICK_MS} ms ticks)`);
