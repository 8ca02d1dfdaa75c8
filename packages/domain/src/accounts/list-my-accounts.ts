import { accountOwnership, accounts } from "@greenroom/db/webapp/schema";
import { asc, desc, eq } from "drizzle-orm";
import { type Ctx, requireActor } from "../context";
import type { OwnedAccount } from "./owners";

/** Accounts the actor owns, personal first ("personal" sorts after "organization", hence descending). */
export async function listMyAccounts({ ctx }: { ctx: Ctx }): Promise<OwnedAccount[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ id: accounts.id, name: accounts.name, kind: accounts.kind })
    .from(accountOwnership)
    .innerJoin(accounts, eq(accounts.id, accountOwnership.accountId))
    .where(eq(accountOwnership.userId, actor.userId))
    .orderBy(desc(accounts.kind), asc(accounts.createdAt));
  return rows;
}
