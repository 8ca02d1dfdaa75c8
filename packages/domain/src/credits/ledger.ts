import type { CreditEntry } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorizeAndReadAll } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { AccountCreditsInput } from "./schemas";

export type PendingGrant = { claimId: string; minutes: number; operationId: string; claimedAt: Date };

/**
 * An account's credit as its pages show it: the balance, the latest ledger entries, the grants still to land.
 * `unavailable`: the shard did not answer (the page says so instead of failing; balance 0, no entries).
 */
export type AccountCredits = { balance: number; entries: CreditEntry[]; pending: PendingGrant[]; unavailable?: boolean };

type ClaimRow = { id: string; minutes: number; operation_id: string; created_at: number };

/** The reads an account page adds to its batch for the credit section: the account's shard and its pending grants. */
export const creditReads = (account: ReturnType<typeof sql>) =>
  [
    sql`SELECT shard_id FROM account_shards WHERE account_id = ${account}`,
    sql`SELECT id, minutes, operation_id, created_at FROM credit_claims WHERE account_id = ${account} AND status = 'claimed'
        ORDER BY created_at DESC LIMIT 20`,
  ] as const;

/** The credit section from those rows, with the ledger read from the account's shard (one RPC; none before first use). */
export async function creditsFrom(ctx: Ctx, accountId: string, rows: [unknown[], unknown[]], limit = 10): Promise<AccountCredits> {
  const shard = (rows[0][0] as { shard_id?: string } | undefined)?.shard_id;
  const pending = (rows[1] as ClaimRow[]).map((r) => ({ claimId: r.id, minutes: r.minutes, operationId: r.operation_id, claimedAt: new Date(r.created_at * 1000) }));
  if (!shard) return { balance: 0, entries: [], pending };
  try {
    const ledger = await ctx.stage.creditLedger({ shard, accountId, limit });
    if (ledger.ok) return { balance: ledger.value.balance, entries: ledger.value.entries, pending };
    console.error("[credits] ledger read refused", ledger.code);
  } catch (error) {
    console.error("[credits] ledger read failed", error instanceof Error ? error.name : typeof error);
  }
  return { balance: 0, entries: [], pending, unavailable: true };
}

/** An account's credit (`account.manage`: its owners); any other account is not found. One batch, then one RPC. */
export async function accountCredits({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountCreditsInput> }): Promise<AccountCredits> {
  const { accountId, limit } = parseInput(AccountCreditsInput, input);
  const [, rows] = await authorizeAndReadAll<[unknown[], unknown[]]>(ctx, "account.manage", { kind: "account", accountId }, [...creditReads(sql`${accountId}`)]);
  return creditsFrom(ctx, accountId, rows, limit);
}
