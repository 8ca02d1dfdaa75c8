import { type SQL, sql } from "drizzle-orm";
import { readBatch } from "../access";
import type { OwnedAccount } from "../accounts";
import { type Ctx, requireActor } from "../context";

/**
 * Reads for a page about one of the actor's own accounts, in one batch (one round trip): the accounts the actor
 * owns (personal first), and `reads(chosen)`, where `chosen` is a SQL expression for the account shown — the
 * preferred one if the actor owns it, else their first. Authorization is in the statements: `chosen` is only ever
 * an account the actor owns, and account-level permissions (account.manage, roles.manage, audit.view,
 * event.create) come only with ownership.
 */
export async function ownedAccountReads<Rows extends unknown[][]>(
  ctx: Ctx,
  preferredAccountId: string | undefined,
  reads: (chosen: SQL) => { [K in keyof Rows]: SQL },
): Promise<{ accounts: OwnedAccount[]; account: OwnedAccount | null; rows: Rows }> {
  const userId = requireActor(ctx).userId;
  const owned = sql`SELECT a.id, a.name, a.kind, a.created_at FROM account_ownership o
    JOIN accounts a ON a.id = o.account_id WHERE o.user_id = ${userId}`;
  const chosen = sql`(WITH owned AS (${owned})
    SELECT id FROM owned ORDER BY id = ${preferredAccountId ?? ""} DESC, kind DESC, created_at ASC LIMIT 1)`;
  const [accountRows, ...rows] = await readBatch(ctx, [
    sql`${owned} ORDER BY a.kind DESC, a.created_at ASC`,
    ...(reads(chosen) as SQL[]),
  ]);
  const accounts = (accountRows as OwnedAccount[]).map(({ id, name, kind }) => ({ id, name, kind }));
  return {
    accounts,
    account: accounts.find((a) => a.id === preferredAccountId) ?? accounts[0] ?? null,
    rows: rows as Rows,
  };
}
