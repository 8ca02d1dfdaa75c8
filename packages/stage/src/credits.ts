import type { SessionsDb } from "@greenroom/db/sessions/client";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import {
  AppendCreditInput,
  type AppendCreditResult,
  type CreditEntry,
  type CreditKind,
  type CreditLedger,
  CreditLedgerInput,
  type StageResult,
} from "./contract";
import { rawBatch } from "./raw-batch";
import { invalidResult } from "./results";

// The account's recording credit on its sessions shard (docs/credits.md). Append-only: every entry is one
// conditional INSERT … SELECT that reads the account's latest row (seq, balance) and writes the next one, so the
// balance is always the last row's and no read-then-write can race. D1 runs one statement at a time per database, and
// the unique (account_id, seq) would refuse a second row after the same latest row even if it did not.

function toEntry(r: Record<string, unknown>): CreditEntry {
  return {
    id: String(r.id),
    seq: Number(r.seq),
    kind: r.kind as CreditKind,
    amount: Number(r.amount),
    balance: Number(r.balance),
    sourceType: String(r.source_type),
    sourceId: String(r.source_id),
    memo: String(r.memo),
    atMs: Number(r.created_at),
  };
}

const balanceOf = (accountId: string) =>
  sql`SELECT COALESCE((SELECT balance FROM credit_ledger WHERE account_id = ${accountId} ORDER BY seq DESC LIMIT 1), 0) AS balance`;

/**
 * Appends one entry, once per `(accountId, sourceType, sourceId)`. A debit (negative amount) is written only when the
 * balance covers it, decided inside the same statement; a refund may leave the balance below zero. One batch: the
 * insert, the entry under the key, the balance after.
 */
export async function appendCredit(db: SessionsDb, raw: unknown): Promise<StageResult<AppendCreditResult>> {
  const parsed = AppendCreditInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const e = parsed.data;
  const id = createId();
  const mayGoNegative = e.kind === "refund" ? 1 : 0;
  const [, found, after] = await rawBatch(db, [
    sql`
      INSERT INTO credit_ledger (id, account_id, seq, kind, amount, balance, source_type, source_id, memo, created_at)
      SELECT ${id}, ${e.accountId}, COALESCE(last.seq, 0) + 1, ${e.kind}, ${e.amount}, COALESCE(last.balance, 0) + ${e.amount},
             ${e.sourceType}, ${e.sourceId}, ${e.memo}, ${e.atMs}
      FROM (SELECT 1) AS one
      LEFT JOIN (SELECT seq, balance FROM credit_ledger WHERE account_id = ${e.accountId} ORDER BY seq DESC LIMIT 1) AS last ON 1 = 1
      WHERE ${e.amount} > 0 OR ${mayGoNegative} = 1 OR COALESCE(last.balance, 0) + ${e.amount} >= 0
      ON CONFLICT (account_id, source_type, source_id) DO NOTHING`,
    sql`
      SELECT id, seq, kind, amount, balance, source_type, source_id, memo, created_at FROM credit_ledger
      WHERE account_id = ${e.accountId} AND source_type = ${e.sourceType} AND source_id = ${e.sourceId}`,
    balanceOf(e.accountId),
  ]);
  const balance = Number(after?.rows[0]?.balance ?? 0);
  const row = found?.rows[0];
  if (!row) return { ok: true, value: { status: "insufficient", entry: null, balance } };
  const entry = toEntry(row);
  return { ok: true, value: { status: entry.id === id ? "written" : "duplicate", entry, balance } };
}

/** The balance (one indexed read of the latest row) and the latest entries, newest first, in one batch. */
export async function creditLedger(db: SessionsDb, raw: unknown): Promise<StageResult<CreditLedger>> {
  const parsed = CreditLedgerInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const { accountId, limit, beforeSeq } = parsed.data;
  const [balance, rows] = await rawBatch(db, [
    balanceOf(accountId),
    sql`
      SELECT id, seq, kind, amount, balance, source_type, source_id, memo, created_at FROM credit_ledger
      WHERE account_id = ${accountId} AND seq < ${beforeSeq ?? Number.MAX_SAFE_INTEGER}
      ORDER BY seq DESC LIMIT ${limit + 1}`,
  ]);
  const entries = (rows?.rows ?? []).map(toEntry);
  const more = entries.length > limit;
  const page = more ? entries.slice(0, limit) : entries;
  return {
    ok: true,
    value: { balance: Number(balance?.rows[0]?.balance ?? 0), entries: page, next: more ? (page.at(-1)?.seq ?? null) : null },
  };
}

/** The balance alone: one indexed read of the account's latest entry (what the benchmark times). */
export async function creditBalance(db: SessionsDb, accountId: string): Promise<number> {
  const [row] = await db.all<{ balance: number }>(balanceOf(accountId));
  return Number(row?.balance ?? 0);
}

/** The source a recording's hold is keyed by, and its release: one of each per recording session. */
export const recordingHoldKey = (sessionId: string) => ({ sourceType: "recording_hold", sourceId: sessionId });

/**
 * Gives back a recording's hold (`release`, the hold's minutes), once, and only if the hold was written: the
 * compensation of a start that failed after its hold, safe whether or not the hold step ran. One statement; the
 * amount comes from the hold's own row. Answers whether this call wrote the release.
 */
export async function releaseRecordingHold(db: SessionsDb, r: { accountId: string; sessionId: string; atMs: number }): Promise<boolean> {
  const [inserted] = await rawBatch(db, [
    sql`
      INSERT INTO credit_ledger (id, account_id, seq, kind, amount, balance, source_type, source_id, memo, created_at)
      SELECT ${createId()}, ${r.accountId}, last.seq + 1, 'release', -hold.amount, last.balance - hold.amount,
             'recording_release', ${r.sessionId}, 'Recording did not start: hold released', ${r.atMs}
      FROM (SELECT amount FROM credit_ledger
            WHERE account_id = ${r.accountId} AND source_type = 'recording_hold' AND source_id = ${r.sessionId}) AS hold
      JOIN (SELECT seq, balance FROM credit_ledger WHERE account_id = ${r.accountId} ORDER BY seq DESC LIMIT 1) AS last ON 1 = 1
      WHERE true
      ON CONFLICT (account_id, source_type, source_id) DO NOTHING`,
  ]);
  return (inserted?.changes ?? 0) > 0;
}
