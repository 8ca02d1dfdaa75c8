import { accountOwnership, accounts, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { auditEntry, authorize, authorizeAndRead, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor } from "../context";
import { DomainError, invalid, notFound, parseInput } from "../errors";

export type OwnedAccount = { id: string; name: string; kind: "personal" | "organization" };

/** Accounts the actor owns, personal first ("personal" sorts after "organization", hence descending). */
export async function listMyAccounts({ ctx }: { ctx: Ctx; input?: undefined }): Promise<OwnedAccount[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ id: accounts.id, name: accounts.name, kind: accounts.kind })
    .from(accountOwnership)
    .innerJoin(accounts, eq(accounts.id, accountOwnership.accountId))
    .where(eq(accountOwnership.userId, actor.userId))
    .orderBy(desc(accounts.kind), asc(accounts.createdAt));
  return rows;
}

export const CreateOrganizationAccountInput = z.object({
  name: z.string().trim().min(1, "Name the account").max(120, "Use at most 120 characters"),
});
export type CreateOrganizationAccountInput = z.infer<typeof CreateOrganizationAccountInput>;

export const AccountIdInput = z.object({ accountId: z.string().min(1).max(64) });
export type AccountIdInput = z.infer<typeof AccountIdInput>;

export const AddCoOwnerInput = z.object({
  accountId: z.string().min(1).max(64),
  email: z.string().trim().toLowerCase().max(254, "That email address is too long").email("Enter an email address"),
});
export type AddCoOwnerInput = z.infer<typeof AddCoOwnerInput>;

export const RemoveOwnerInput = z.object({ accountId: z.string().min(1).max(64), userId: z.string().min(1).max(64) });
export type RemoveOwnerInput = z.infer<typeof RemoveOwnerInput>;

export type AccountOwner = { userId: string; email: string; name: string; since: Date };

/** A new organization account owned by the actor; any signed-in user may create one. */
// verb-exempt: any signed-in user may found an organization (requireActor); the new ownership is audited
export async function createOrganizationAccount({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<OwnedAccount> {
  const actor = requireActor(ctx);
  const { name } = parseInput(CreateOrganizationAccountInput, input);
  const now = ctx.now();
  const account = { id: createId(), name, kind: "organization" as const };
  await ctx.db.batch([
    ctx.db.insert(accounts).values({ ...account, createdAt: now }),
    ctx.db.insert(accountOwnership).values({ accountId: account.id, userId: actor.userId, createdAt: now }),
    auditEntry(ctx, {
      accountId: account.id,
      action: "account.created",
      targetType: "account",
      targetId: account.id,
      after: { name, kind: account.kind, owner: actor.userId },
    }),
  ]);
  return account;
}

type OwnerRow = { user_id: string; email: string; name: string; created_at: number };
const toOwner = (r: OwnerRow): AccountOwner => ({
  userId: r.user_id,
  email: r.email,
  name: r.name,
  since: new Date(r.created_at * 1000),
});

/** The account's owners, longest-standing first. Owners only. */
export async function listAccountOwners({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AccountOwner[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  const [, rows] = await authorizeAndRead<OwnerRow>(
    ctx,
    "account.manage",
    { kind: "account", accountId },
    sql`SELECT o.user_id, u.email, u.name, o.created_at FROM account_ownership o JOIN users u ON u.id = o.user_id
        WHERE o.account_id = ${accountId} ORDER BY o.created_at, u.email`,
  );
  return rows.map(toOwner);
}

/** Makes an existing Greenroom user a co-owner. Adding someone twice is a conflict, also when it races. */
export async function addCoOwner({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AccountOwner> {
  const { accountId, email } = parseInput(AddCoOwnerInput, input);
  await authorize(ctx, "account.manage", { kind: "account", accountId });
  const [user] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!user) {
    throw invalid("No Greenroom user with this email", {
      email: ["No Greenroom user with this email — they need to sign up first"],
    });
  }
  const now = ctx.now();
  const [inserted] = await batchStatements(ctx, [
    ctx.db.insert(accountOwnership).values({ accountId, userId: user.id, createdAt: now }).onConflictDoNothing(),
    conditionalAuditEntry(ctx, {
      accountId,
      action: "account.owner_added",
      targetType: "user",
      targetId: user.id,
      after: { owner: user.id, email: user.email },
    }),
  ]);
  if (!inserted?.meta.changes) {
    throw new DomainError("conflict", `${user.email} is already an owner`, {
      fieldErrors: { email: ["This person already owns the account"] },
    });
  }
  return { userId: user.id, email: user.email, name: user.name, since: now };
}

/**
 * Removes an owner; an owner removing themselves leaves the account. The last owner cannot leave: the count is
 * checked inside the DELETE itself, so two owners removing each other at once leave exactly one.
 */
export async function removeOwner({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const { accountId, userId } = parseInput(RemoveOwnerInput, input);
  const [access, targets] = await authorizeAndRead<OwnerRow>(
    ctx,
    "account.manage",
    { kind: "account", accountId },
    sql`SELECT o.user_id, u.email, u.name, o.created_at FROM account_ownership o JOIN users u ON u.id = o.user_id
        WHERE o.account_id = ${accountId} AND o.user_id = ${userId}`,
  );
  const target = targets[0];
  if (!target) throw notFound("That person is not an owner of this account");
  const actorId = requireActor(ctx).userId;
  const [deleted] = await batchStatements(ctx, [
    sql`DELETE FROM account_ownership
        WHERE account_id = ${accountId} AND user_id = ${userId}
          AND (SELECT COUNT(*) FROM account_ownership WHERE account_id = ${accountId}) > 1
          AND EXISTS (SELECT 1 FROM account_ownership WHERE account_id = ${accountId} AND user_id = ${actorId})`,
    conditionalAuditEntry(ctx, {
      accountId: access.accountId,
      action: userId === actorId ? "account.owner_left" : "account.owner_removed",
      targetType: "user",
      targetId: userId,
      before: { owner: userId, email: target.email },
    }),
  ]);
  if (deleted?.meta.changes) return;
  // Nothing deleted: either someone else already removed them (or us), or they are the last owner.
  const remaining = await ctx.db
    .select({ userId: accountOwnership.userId })
    .from(accountOwnership)
    .where(eq(accountOwnership.accountId, accountId));
  const ids = new Set(remaining.map((r) => r.userId));
  if (!ids.has(actorId)) throw notFound("Account not found");
  if (!ids.has(userId)) throw notFound("That person is not an owner of this account");
  throw new DomainError("conflict", "An account needs at least one owner", {
    fieldErrors: { userId: ["An account needs at least one owner. Add another owner before leaving."] },
  });
}
