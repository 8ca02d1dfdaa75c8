import type { z } from "zod";
import { accountOwnership, accounts, users } from "@greenroom/db/webapp/schema";
import { and, eq, isNotNull } from "drizzle-orm";
import { authorize, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { DomainError, invalid, parseInput } from "../errors";
import { AddCoOwnerInput } from "./schemas";
import type { AccountOwner } from "./owners";

/**
 * Makes an existing Greenroom user with a verified address a co-owner of an organization account (a personal
 * account has exactly one owner). An unverified address is answered like an unknown one, so whoever registered a
 * colleague's address first never receives what was meant for the colleague. Adding someone twice is a conflict,
 * also when it races.
 */
export async function addCoOwner({ ctx, input }: { ctx: Ctx; input: z.input<typeof AddCoOwnerInput> }): Promise<AccountOwner> {
  const { accountId, email } = parseInput(AddCoOwnerInput, input);
  await authorize(ctx, "account.manage", { kind: "account", accountId });
  const [account] = await ctx.db.select({ kind: accounts.kind }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (account?.kind !== "organization") {
    throw invalid("A personal account has one owner", {
      email: ["A personal account has exactly one owner. Create an organization account to share ownership."],
    });
  }
  const [user] = await ctx.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.email, email), isNotNull(users.emailVerifiedAt)))
    .limit(1);
  if (!user) {
    throw invalid("No Greenroom user with this verified email", {
      email: ["No Greenroom user with this verified email — they need to sign up and confirm their address first"],
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
