import { sql } from "drizzle-orm";
import { z } from "zod";
import type { AccountOwner, OwnedAccount } from "../accounts";
import type { AuditPage } from "../audit";
import { AuditCursor, type AuditRow, auditPage, auditQuery } from "../audit/query";
import type { Ctx } from "../context";
import { type AccountCredits, creditReads, creditsFrom } from "../credits/ledger";
import { parseInput } from "../errors";
import { type RoleReadRows, type RoleView, roleQueries, roleViews } from "../roles/load-roles";
import { ownedAccountReads } from "./owned-account";

const PreferredAccount = z.string().max(64).optional();

export const AccountPageInput = z.object({ accountId: PreferredAccount });

export type AccountPageData = { accounts: OwnedAccount[]; account: OwnedAccount | null; owners: AccountOwner[]; credits: AccountCredits };

type OwnerRow = { user_id: string; email: string; name: string; created_at: number };

/**
 * The account page (/account): the actor's accounts, the one shown, its owners and its recording credit (pending
 * grants from the batch; the balance and the latest ledger entries from its shard). One round trip, then one RPC.
 */
export async function accountPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountPageInput> }): Promise<AccountPageData> {
  const { accountId } = parseInput(AccountPageInput, input);
  const { accounts, account, rows } = await ownedAccountReads<[OwnerRow[], unknown[], unknown[]]>(ctx, accountId, (chosen) => [
    sql`SELECT o.user_id, u.email, u.name, o.created_at FROM account_ownership o JOIN users u ON u.id = o.user_id
        WHERE o.account_id = ${chosen} ORDER BY o.created_at, u.email`,
    ...creditReads(chosen),
  ]);
  const owners = rows[0].map((r) => ({ userId: r.user_id, email: r.email, name: r.name, since: new Date(r.created_at * 1000) }));
  const credits = account ? await creditsFrom(ctx, account.id, [rows[1], rows[2]]) : { balance: 0, entries: [], pending: [] };
  return { accounts, account, owners, credits };
}

export const AccountAuditPageInput = z.object({
  accountId: PreferredAccount,
  before: AuditCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type AccountAuditPageData = { account: OwnedAccount | null; page: AuditPage };

/** The account's audit log page (/account/audit): the account shown and a page of its log. One round trip. */
export async function accountAuditPage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof AccountAuditPageInput>;
}): Promise<AccountAuditPageData> {
  const { accountId, before, limit } = parseInput(AccountAuditPageInput, input);
  const { account, rows } = await ownedAccountReads<[AuditRow[]]>(ctx, accountId, (chosen) => [
    auditQuery(sql`a.account_id = ${chosen}`, before, limit),
  ]);
  return { account, page: auditPage(rows[0], limit) };
}

export const AccountRolesPageInput = z.object({ accountId: PreferredAccount });

export type AccountRolesPageData = { account: OwnedAccount | null; roles: RoleView[] };

/**
 * The roles page (/account/roles): the account shown (the preferred one if the actor owns it) and its roles, as
 * `listRoles` gives them. One round trip: ownership of the account is the authorization (roles.manage comes only
 * with it).
 */
export async function accountRolesPage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof AccountRolesPageInput>;
}): Promise<AccountRolesPageData> {
  const { accountId } = parseInput(AccountRolesPageInput, input);
  const { account, rows } = await ownedAccountReads<RoleReadRows>(ctx, accountId, (chosen) => roleQueries(chosen));
  return { account, roles: account ? roleViews(rows) : [] };
}
