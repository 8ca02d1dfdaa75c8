import type { z } from "zod";
import { accessGrants } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor } from "../context";
import { notFound, parseInput } from "../errors";
import { endLiveAccess, roomsOfGrant } from "../stage/live-access";
import { resolveRole } from "./roles";
import { assertMayManageRole, authorizeScope } from "./scope";
import { RevokeGrantInput } from "./schemas";

export type GrantRow = Omit<typeof accessGrants.$inferSelect, "roomScope">;

const grantSummary = (g: Pick<GrantRow, "userId" | "eventId" | "roomId" | "roleId" | "source">) => ({
  userId: g.userId,
  eventId: g.eventId,
  roomId: g.roomId,
  roleId: g.roleId,
  source: g.source,
});

/**
 * Takes a grant away; access.manage on what the grant covers (an event-wide manager covers every room). The user's
 * open sockets in the rooms the grant opened are closed, and their tokens for those rooms issued until now refused
 * (a user who still has access another way gets a fresh token from the page and reconnects).
 */
export async function revokeGrant({ ctx, input }: { ctx: Ctx; input: z.input<typeof RevokeGrantInput> }): Promise<GrantRow> {
  const { grantId } = parseInput(RevokeGrantInput, input);
  requireActor(ctx);
  const [grant] = await ctx.db.select().from(accessGrants).where(eq(accessGrants.id, grantId)).limit(1);
  if (!grant) throw notFound("Access not found");
  const target = await authorizeScope(ctx, "access.manage", { eventId: grant.eventId, roomId: grant.roomId }, { forChange: false });
  const role = await resolveRole(ctx, target.accountId, { roleId: grant.roleId });
  if (role) assertMayManageRole(target, role);
  const [deleted] = await batchStatements(ctx, [
    ctx.db.delete(accessGrants).where(and(eq(accessGrants.id, grant.id), eq(accessGrants.eventId, grant.eventId))),
    conditionalAuditEntry(ctx, {
      accountId: grant.accountId,
      action: "access.revoke",
      targetType: "access_grant",
      targetId: grant.id,
      before: grantSummary(grant),
    }),
  ]);
  if (!deleted?.meta.changes) throw notFound("Access not found");
  await endLiveAccess(ctx, { userId: grant.userId, roomIds: await roomsOfGrant(ctx, grant) });
  return grant;
}
