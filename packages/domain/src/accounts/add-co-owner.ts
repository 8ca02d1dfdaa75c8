import type { z } from "zod";
import { accountOwnership, users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { authorize, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { DomainError, invalid, parseInput } from "../errors";
import { AddCoOwnerInput } from "./schemas";
import type { AccountOwner } from "./owners";

/** Makes an existing Greenroom user a co-owner. Adding someone twice is a conflict, also when it races. */
export async function addCoOwner({ ctx, input }: { ctx: Ctx; input: z.input<typeof AddCoOwnerInput> }): Promise<AccountOwner> {
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
