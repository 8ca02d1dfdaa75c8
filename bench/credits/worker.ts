// The credit ledger benchmark Worker (scripts/bench-credits.sh): ledgers of two sizes on one local sessions shard,
// the real balance read over both, and the real conditional debit under concurrency against plain inserts.
//   POST /seed?account=…&rows=n&from=k  appends entries k+1 … n (+1 minute each, running balance) in one statement
//   POST /reads?small=…&large=…&n=…     n balance reads of each account, interleaved; per-read times in ms
//   POST /sum?account=…                 the balance derived by SUM(amount) over the whole ledger, once (context)
//   POST /debits?account=…&n=…&c=…      n debits of 1 minute through appendCredit, c at a time; then the balance
//   POST /plain?account=…&n=…&c=…       the same n rows as plain INSERTs, c at a time (the baseline)
import { sessionsDb } from "@greenroom/db/sessions/client";
// By path, as the clips bench does: the repository root depends on @greenroom/db and domain, not stage.
import { appendCredit, creditBalance } from "../../packages/stage/src/credits";

type Env = { SESSIONS_DB: D1Database };

const AT = 1_800_000_000_000;

async function seed(env: Env, accountId: string, rows: number, from: number): Promise<Response> {
  // One recursive statement per call: entry i adds 1 minute, so its balance is i.
  const result = await env.SESSIONS_DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT ?3 + 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
     INSERT INTO credit_ledger (id, account_id, seq, kind, amount, balance, source_type, source_id, memo, created_at)
     SELECT ?1 || '-' || i, ?1, i, 'grant', 1, i, 'bench', 'seed-' || i, '', ?4 + i FROM n`,
  )
    .bind(accountId, rows, from, AT)
    .run();
  return Response.json({ inserted: result.meta.changes });
}

async function reads(env: Env, small: string, large: string, n: number): Promise<Response> {
  const db = sessionsDb(env.SESSIONS_DB);
  const times: { small: number[]; large: number[] } = { small: [], large: [] };
  const balances = { small: 0, large: 0 };
  for (let i = 0; i < n; i++) {
    for (const which of i % 2 ? (["large", "small"] as const) : (["small", "large"] as const)) {
      const started = performance.now();
      balances[which] = await creditBalance(db, which === "small" ? small : large);
      times[which].push(performance.now() - started);
    }
  }
  return Response.json({ times, balances });
}

async function sum(env: Env, accountId: string): Promise<Response> {
  const started = performance.now();
  const row = await env.SESSIONS_DB.prepare("SELECT COALESCE(SUM(amount), 0) AS total FROM credit_ledger WHERE account_id = ?")
    .bind(accountId)
    .first<{ total: number }>();
  return Response.json({ ms: performance.now() - started, total: row?.total ?? 0 });
}

async function inParallel(n: number, c: number, one: (i: number) => Promise<boolean>): Promise<{ ms: number; ok: number }> {
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) {
        const i = next++;
        if (await one(i)) ok++;
      }
    }),
  );
  return { ms: performance.now() - started, ok };
}

async function debits(env: Env, accountId: string, n: number, c: number): Promise<Response> {
  const db = sessionsDb(env.SESSIONS_DB);
  const run = await inParallel(n, c, async (i) => {
    const result = await appendCredit(db, {
      shard: "0000",
      accountId,
      kind: "recording_charge",
      amount: -1,
      sourceType: "bench",
      sourceId: `debit-${i}`,
      atMs: AT + i,
    });
    if (!result.ok) throw new Error(result.message);
    return result.value.status === "written";
  });
  return Response.json({ ...run, balance: await creditBalance(db, accountId) });
}

async function plain(env: Env, accountId: string, n: number, c: number): Promise<Response> {
  const run = await inParallel(n, c, async (i) => {
    const result = await env.SESSIONS_DB.prepare(
      `INSERT INTO credit_ledger (id, account_id, seq, kind, amount, balance, source_type, source_id, memo, created_at)
       VALUES (?1 || '-' || ?2, ?1, ?2, 'recording_charge', -1, 0, 'bench', 'plain-' || ?2, '', ?3)`,
    )
      .bind(accountId, i + 1, AT + i)
      .run();
    return result.meta.changes === 1;
  });
  return Response.json(run);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const q = (name: string) => url.searchParams.get(name) ?? "";
    const num = (name: string) => Number(url.searchParams.get(name) ?? "0");
    if (request.method === "GET" && url.pathname === "/health") return Response.json({ ok: true });
    if (request.method !== "POST") return new Response("Not found", { status: 404 });
    if (url.pathname === "/seed") return seed(env, q("account"), num("rows"), num("from"));
    if (url.pathname === "/reads") return reads(env, q("small"), q("large"), num("n"));
    if (url.pathname === "/sum") return sum(env, q("account"));
    if (url.pathname === "/debits") return debits(env, q("account"), num("n"), num("c"));
    if (url.pathname === "/plain") return plain(env, q("account"), num("n"), num("c"));
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
