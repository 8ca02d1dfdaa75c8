import { accountOwnership, accounts } from "@greenroom/db/webapp/schema";
import { asc, eq } from "drizzle-orm";
import { type Ctx, requireActor } from "../context";

export type OwnedAccount = { id: string; name: string; kind: "personal" | "organization" };

/** Accounts the actor owns, personal first. */
export async function listMyAccounts({ ctx }: { ctx: Ctx; input?: undefined }): Promise<OwnedAccount[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .select({ id: accounts.id, name: accounts.name, kind: accounts.kind })
    .from(accountOwnership)
    .innerJoin(accounts, eq(accounts.id, accountOwnership.accountId))
    .where(eq(accountOwnership.userId, actor.userId))
    .orderBy(asc(accounts.kind), asc(accounts.createdAt));
  return rows;
}
