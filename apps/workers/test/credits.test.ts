import { createId } from "@paralleldrive/cuid2";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// The credit ledger through the RPC entrypoint the webapp calls, on real local D1 shards.
const rpc = exports.StageRpc;
const AT = 1_800_000_000_000;

const tenant = (shard: "0000" | "0001" = "0000") => ({ shard, accountId: `acct_${createId()}` });

async function append(t: { shard: string; accountId: string }, over: Record<string, unknown>) {
  const result = await rpc.appendCredit({ ...t, kind: "grant", amount: 60, sourceType: "test", sourceId: createId(), atMs: AT, ...over });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

async function ledger(t: { shard: string; accountId: string }, over: Record<string, unknown> = {}) {
  const result = await rpc.creditLedger({ ...t, ...over });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const rowsOf = async (shard: D1Database, accountId: string) =>
  (await shard.prepare("SELECT seq, amount, balance FROM credit_ledger WHERE account_id = ? ORDER BY seq").bind(accountId).all<{
    seq: number;
    amount: number;
    balance: number;
  }>()).results;

describe("credit ledger", () => {
  it("writes an entry once per (account, source type, source id): a retried step adds nothing", async () => {
    const t = tenant();
    const first = await append(t, { sourceType: "redemption", sourceId: "claim_1", amount: 30 });
    expect(first).toMatchObject({ status: "written", balance: 30, entry: { seq: 1, amount: 30, balance: 30, kind: "grant" } });
    const again = await append(t, { sourceType: "redemption", sourceId: "claim_1", amount: 30 });
    expect(again).toMatchObject({ status: "duplicate", balance: 30, entry: { id: first.entry?.id } });
    // The same source id under another type is another entry.
    expect(await append(t, { sourceType: "admin", sourceId: "claim_1", amount: 5, kind: "admin_adjustment" })).toMatchObject({ status: "written", balance: 35 });
    expect(await rowsOf(env.SESSIONS_DB_0000, t.accountId)).toEqual([
      { seq: 1, amount: 30, balance: 30 },
      { seq: 2, amount: 5, balance: 35 },
    ]);
  });

  it("refuses a debit below zero and writes nothing; a refund may go below zero", async () => {
    const t = tenant();
    await append(t, { amount: 10 });
    expect(await append(t, { kind: "recording_hold", amount: -11 })).toEqual({ status: "insufficient", entry: null, balance: 10 });
    expect(await append(t, { kind: "admin_adjustment", amount: -11 })).toMatchObject({ status: "insufficient", balance: 10 });
    expect(await append(t, { kind: "recording_hold", amount: -10 })).toMatchObject({ status: "written", balance: 0 });
    expect(await append(t, { kind: "recording_charge", amount: -1 })).toMatchObject({ status: "insufficient", balance: 0 });
    expect(await append(t, { kind: "refund", amount: -25 })).toMatchObject({ status: "written", balance: -25 });
    // Below zero, debits stay refused until credit brings it back.
    expect(await append(t, { kind: "recording_hold", amount: -1 })).toMatchObject({ status: "insufficient", balance: -25 });
    expect((await rowsOf(env.SESSIONS_DB_0000, t.accountId)).map((r) => r.balance)).toEqual([10, 0, -25]);
  });

  it("a repeated debit key whose balance is now spent answers duplicate, not insufficient", async () => {
    const t = tenant();
    await append(t, { amount: 10 });
    const hold = await append(t, { kind: "recording_hold", amount: -10, sourceType: "recording", sourceId: "s1" });
    expect(await append(t, { kind: "recording_hold", amount: -10, sourceType: "recording", sourceId: "s1" })).toMatchObject({
      status: "duplicate",
      entry: { id: hold.entry?.id },
      balance: 0,
    });
  });

  it("50 concurrent debits never take the balance below zero, and exactly as many succeed as it covers", async () => {
    const t = tenant("0001");
    await append(t, { amount: 100 });
    // 50 debits of 7 minutes against 100: 14 fit (98), 36 are refused.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => append(t, { kind: "recording_charge", amount: -7, sourceType: "recording", sourceId: `minute_${i}` })),
    );
    expect(results.filter((r) => r.status === "written")).toHaveLength(14);
    expect(results.filter((r) => r.status === "insufficient")).toHaveLength(36);
    const rows = await rowsOf(env.SESSIONS_DB_0001, t.accountId);
    expect(rows).toHaveLength(15);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // Each row's balance is the previous one plus its amount, none negative, and the last equals the sum.
    for (const [i, r] of rows.entries()) expect(r.balance).toBe((rows[i - 1]?.balance ?? 0) + r.amount);
    expect(Math.min(...rows.map((r) => r.balance))).toBe(2);
    expect((await ledger(t)).balance).toBe(rows.reduce((sum, r) => sum + r.amount, 0));
  });

  it("checks each kind's sign and the input, writing nothing on a bad one", async () => {
    const t = tenant();
    for (const bad of [
      { kind: "grant", amount: -5 },
      { kind: "recording_hold", amount: 5 },
      { kind: "grant", amount: 0 },
      { kind: "grant", amount: 1.5 },
      { kind: "bonus", amount: 5 },
      { sourceType: "Not A Type" },
    ]) {
      const result = await rpc.appendCredit({ ...t, kind: "grant", amount: 60, sourceType: "test", sourceId: createId(), atMs: AT, ...bad });
      expect(result).toMatchObject({ ok: false, code: "invalid" });
    }
    expect(await rowsOf(env.SESSIONS_DB_0000, t.accountId)).toEqual([]);
    expect(await rpc.appendCredit({ shard: "0009", accountId: t.accountId, kind: "grant", amount: 5, sourceType: "t", sourceId: "x", atMs: AT })).toMatchObject({
      ok: false,
      code: "invalid",
    });
  });

  it("reads the balance and the latest entries newest first, by keyset, and only the account's own", async () => {
    const t = tenant();
    const other = { shard: t.shard, accountId: `acct_${createId()}` };
    for (let i = 1; i <= 5; i++) await append(t, { amount: i });
    await append(other, { amount: 1000 });
    const first = await ledger(t, { limit: 2 });
    expect(first.balance).toBe(15);
    expect(first.entries.map((e) => e.amount)).toEqual([5, 4]);
    const second = await ledger(t, { limit: 2, beforeSeq: first.next });
    expect(second.entries.map((e) => e.amount)).toEqual([3, 2]);
    expect((await ledger(t, { limit: 2, beforeSeq: second.next })).next).toBeNull();
    // The same account id on the other shard has no ledger.
    expect(await ledger({ shard: "0001", accountId: t.accountId })).toEqual({ balance: 0, entries: [], next: null });
  });
});
