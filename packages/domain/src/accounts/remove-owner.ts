import type { z } from "zod";
import { accountOwnership, accounts } from "@greenroom/db/webapp/schema";
import { eq, sql } from "drizzle-orm";
import { authorizeAndRead, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor } from "../context";
import { DomainError, notFound, parseInput } from "../errors";
import { RemoveOwnerInput } from "./schemas";
import type { OwnerRow } from "./owners";

/**
 * Removes an owner; an owner removing themselves leaves the account. A co-owner cannot remove the founder. The last owner cannot leave: the count is
 * checked inside the DELETE itself, so two owners removing each other at once leave exactly one.
 */
export async function removeOwner({ ctx, input }: { ctx: Ctx; input: z.input<typeof RemoveOwnerInput> }): Promise<void> {
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
  const notTheFounder = sql`NOT EXISTS (SELECT 1 FROM accounts WHERE id = ${accountId} AND founded_by = ${userId})`;
  const [deleted] = await batchStatements(ctx, [
    sql`DELETE FROM account_ownership
        WHERE account_id = ${accountId} AND user_id = ${userId}
          AND (SELECT COUNT(*) FROM account_ownership WHERE account_id = ${accountId}) > 1
          AND EXISTS (SELECT 1 FROM account_ownership WHERE account_id = ${accountId} AND user_id = ${actorId})
          AND (${userId} = ${actorId} OR ${notTheFounder})`,
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
  if (userId !== actorId) {
    const [account] = await ctx.db.select({ foundedBy: accounts.foundedBy }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (account?.foundedBy === userId) {
      throw new DomainError("conflict", "The account's founder cannot be removed", {
        fieldErrors: { userId: ["The founder of this account cannot be removed by a co-owner."] },
      });
    }
  }
  throw new DomainError("conflict", "An account needs at least one owner", {
    fieldErrors: { userId: ["An account needs at least one owner. Add another owner before leaving."] },
  });
}
