import { accessGrants, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { authorizeAndRead, conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { Email } from "../auth/schemas";
import { type Ctx, requireActor } from "../context";
import { invalid, notFound, parseInput } from "../errors";
import { type GrantableRole, grantableRoles, resolveRole } from "./roles";
import { assertMayManageRole, authorizeScope, Id, OptionalId, RoleChoice, roleChosen, unknownRole } from "./scope";

export { type GrantableRole, grantableRoles, resolveRole } from "./roles";
export { assertMayManageRole, authorizeScope, type Scope, type ScopeTarget } from "./scope";

export type GrantRow = Omit<typeof accessGrants.$inferSelect, "roomScope">;

export const GrantAccessInput = z
  .object({ eventId: Id, roomId: OptionalId, email: Email, ...RoleChoice })
  .refine(roleChosen, { message: "Choose a role", path: ["roleId"] });
export type GrantAccessInput = z.infer<typeof GrantAccessInput>;

export const RevokeGrantInput = z.object({ grantId: Id });
export type RevokeGrantInput = z.infer<typeof RevokeGrantInput>;

export const ListEventGrantsInput = z.object({ eventId: Id });
export type ListEventGrantsInput = z.infer<typeof ListEventGrantsInput>;

export const ListGrantableRolesInput = z.object({ eventId: Id });
export type ListGrantableRolesInput = z.infer<typeof ListGrantableRolesInput>;

const grantSummary = (g: Pick<GrantRow, "userId" | "eventId" | "roomId" | "roleId" | "source">) => ({
  userId: g.userId,
  eventId: g.eventId,
  roomId: g.roomId,
  roleId: g.roleId,
  source: g.source,
});

/**
 * Gives an existing user a role on the event or one of its rooms. Repeating it changes nothing: the unique
 * scope index turns the insert into a no-op, and the audit row is written only for a real insert.
 */
export async function grantAccess({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ grant: GrantRow; created: boolean; role: GrantableRole }> {
  const data = parseInput(GrantAccessInput, input);
  const actor = requireActor(ctx);
  const roomId = data.roomId ?? null;
  const target = await authorizeScope(ctx, "access.manage", { eventId: data.eventId, roomId }, { forChange: true });
  const role = await resolveRole(ctx, target.accountId, data);
  if (!role) throw unknownRole(data);
  assertMayManageRole(target, role);
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, data.email)).limit(1);
  if (!user) {
    throw invalid("No one has signed up with this email yet", {
      email: ["No one has signed up with this email yet. Send them an invitation instead."],
    });
  }
  const grant = {
    id: createId(),
    accountId: target.accountId,
    userId: user.id,
    eventId: data.eventId,
    roomId,
    roleId: role.id,
    source: "manual" as const,
    grantedBy: actor.userId,
    createdAt: ctx.now(),
  };
  const [inserted] = await batchStatements(ctx, [
    ctx.db.insert(accessGrants).values(grant).onConflictDoNothing(),
    conditionalAuditEntry(ctx, {
      accountId: target.accountId,
      action: "access.grant",
      targetType: "access_grant",
      targetId: grant.id,
      after: grantSummary(grant),
    }),
  ]);
  if (inserted?.meta.changes) return { grant, created: true, role };
  const [existing] = await ctx.db
    .select()
    .from(accessGrants)
    .where(
      and(
        eq(accessGrants.userId, user.id),
        eq(accessGrants.eventId, data.eventId),
        roomId ? eq(accessGrants.roomId, roomId) : isNull(accessGrants.roomId),
        eq(accessGrants.roleId, role.id),
      ),
    )
    .limit(1);
  if (!existing) throw new Error("grant neither inserted nor found");
  return { grant: existing, created: false, role };
}

/** Takes a grant away; access.manage on what the grant covers (an event-wide manager covers every room). */
export async function revokeGrant({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<GrantRow> {
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
  return grant;
}

export type EventGrant = {
  id: string;
  userId: string;
  email: string;
  name: string;
  roleId: string;
  roleName: string;
  roomId: string | null;
  roomName: string | null;
  source: "manual" | "invitation" | "ticket";
  createdAt: Date;
};

type EventGrantRow = {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role_id: string;
  role_name: string;
  room_id: string | null;
  room_name: string | null;
  source: EventGrant["source"];
  created_at: number;
};

export const EVENT_GRANTS_LIMIT = 200;

/**
 * The people given a role on the event by hand or by invitation, newest first (at most 200). Ticket holders are
 * left out: there can be thousands, and the participants list pages through them.
 */
export async function listEventGrants({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<EventGrant[]> {
  const { eventId } = parseInput(ListEventGrantsInput, input);
  const [, rows] = await authorizeAndRead<EventGrantRow>(
    ctx,
    "access.manage",
    { kind: "event", eventId },
    sql`SELECT g.id, g.user_id, u.email, u.name, g.role_id, r.name AS role_name, g.room_id, rm.name AS room_name,
               g.source, g.created_at
        FROM access_grants g
        JOIN users u ON u.id = g.user_id
        JOIN roles r ON r.id = g.role_id
        LEFT JOIN rooms rm ON rm.id = g.room_id
        WHERE g.event_id = ${eventId} AND g.source IN ('manual', 'invitation')
        ORDER BY g.created_at DESC, g.id DESC
        LIMIT ${EVENT_GRANTS_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    email: r.email,
    name: r.name,
    roleId: r.role_id,
    roleName: r.role_name,
    roomId: r.room_id,
    roomName: r.room_name,
    source: r.source,
    createdAt: new Date(r.created_at * 1000),
  }));
}

/** The roles the actor may pick from when inviting to or granting on this event. */
export async function listGrantableRoles({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<GrantableRole[]> {
  const { eventId } = parseInput(ListGrantableRolesInput, input);
  const target = await authorizeScope(ctx, "access.manage", { eventId, roomId: null }, { forChange: false });
  const roles = await grantableRoles(ctx, target.accountId);
  // Offer only what the actor could actually hand out.
  return roles.filter((role) => target.isOwner || role.permissions.every((p) => target.permissions.has(p)));
}
