import type { z } from "zod";
import { accountOwnership, accounts } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { auditEntry } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import { requireVerifiedEmail } from "../auth/verified";
import { CreateOrganizationAccountInput } from "./schemas";
import type { OwnedAccount } from "./owners";

/** A new organization account founded and owned by the actor; any signed-in user with a verified address may. */
// verb-exempt: any signed-in, verified user may found an organization (requireActor); the new ownership is audited
export async function createOrganizationAccount({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateOrganizationAccountInput> }): Promise<OwnedAccount> {
  const actor = requireActor(ctx);
  const { name } = parseInput(CreateOrganizationAccountInput, input);
  await requireVerifiedEmail(ctx);
  const now = ctx.now();
  const account = { id: createId(), name, kind: "organization" as const };
  await ctx.db.batch([
    ctx.db.insert(accounts).values({ ...account, foundedBy: actor.userId, createdAt: now }),
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
