import type { z } from "zod";
import { accessGrants, accountOwnership, accounts, events } from "@greenroom/db/webapp/schema";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { authorize } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import { AccountIdInput } from "./schemas";
import type { EventRow, SharedEvent } from "./rows";

export async function listEvents({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountIdInput> }): Promise<EventRow[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId });
  return ctx.db.select().from(events).where(eq(events.accountId, accountId)).orderBy(desc(events.startsAt));
}

/** Events of other accounts that the actor holds a grant in ("Shared with me"), soonest first. */
export async function listSharedEvents({ ctx }: { ctx: Ctx }): Promise<SharedEvent[]> {
  const actor = requireActor(ctx);
  const rows = await ctx.db
    .selectDistinct({ event: events, accountName: accounts.name })
    .from(accessGrants)
    .innerJoin(events, eq(events.id, accessGrants.eventId))
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .leftJoin(
      accountOwnership,
      and(eq(accountOwnership.accountId, events.accountId), eq(accountOwnership.userId, actor.userId)),
    )
    .where(and(eq(accessGrants.userId, actor.userId), isNull(accountOwnership.userId)))
    .orderBy(asc(events.startsAt));
  return rows.filter((r) => r.event.status !== "archived").map((r) => ({ ...r.event, accountName: r.accountName }));
}
