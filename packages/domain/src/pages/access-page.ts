import { invitations } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Authorized, authorizeAndReadAll, SYSTEM_ROLES, tableRow } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { type GrantableRole, type RoleRow, SYSTEM_ORDER, permissionsOfRole, toRole } from "../grants/roles";
import type { InvitationListEntry } from "../invitations";
import { INVITATIONS_LIMIT } from "../invitations";
import { type EventGrant, type EventGrantRow, eventGrantsQuery, toEventGrant } from "../grants/list-event-grants";
import { eventShell, type EventShellRows, eventShellQueries } from "./event-shell";

export const AccessPageInput = z.object({ eventId: z.string().min(1).max(64) });

export type AccessPageData = {
  event: EventRow;
  rooms: RoomRow[];
  access: Authorized;
  /** The roles the actor may hand out on this event. */
  roles: GrantableRole[];
  invitations: InvitationListEntry[];
  grants: EventGrant[];
};

// Accepted and revoked invitations stay listed for 30 days; pending ones until revoked.
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;
const NOT_GRANTABLE = Object.values(SYSTEM_ROLES)
  .filter((role) => !role.grantable)
  .map((role) => role.id);

type InvitationRow = Record<string, unknown> & { role_name: string; room_name: string | null };
/**
 * The access page (/events/:id/access): the event shell, grantable roles, invitations and people with access.
 * Requires `access.manage`. One round trip: authorization and the six reads in one batch.
 */
export async function accessPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccessPageInput> }): Promise<AccessPageData> {
  const { eventId } = parseInput(AccessPageInput, input);
  const actor = requireActor(ctx);
  const now = ctx.now();
  const recentSince = invitations.createdAt.mapToDriverValue(new Date(now.getTime() - RECENT_MS));
  const accountOfEvent = sql`(SELECT account_id FROM events WHERE id = ${eventId})`;
  const [access, [eventRows, roomRows, grantRows, roleRows, invitationRows, peopleRows]] = await authorizeAndReadAll<
    [...EventShellRows, RoleRow[], InvitationRow[], EventGrantRow[]]
  >(ctx, "access.manage", { kind: "event", eventId }, [
    ...eventShellQueries(eventId, actor.userId),
    sql`SELECT r.id, r.key, r.name, r.account_id, ${permissionsOfRole} AS permissions
        FROM roles r
        WHERE r.account_id = ${accountOfEvent}
           OR (r.account_id IS NULL AND r.id NOT IN (${sql.join(
             NOT_GRANTABLE.map((id) => sql`${id}`),
             sql`, `,
           )}))`,
    sql`SELECT i.*, ro.name AS role_name, rm.name AS room_name
        FROM invitations i
        JOIN roles ro ON ro.id = i.role_id
        LEFT JOIN rooms rm ON rm.id = i.room_id
        WHERE i.event_id = ${eventId} AND (i.status = 'pending' OR i.created_at > ${recentSince})
        ORDER BY i.created_at DESC, i.id DESC
        LIMIT ${INVITATIONS_LIMIT}`,
    eventGrantsQuery(eventId),
  ]);
  const rank = (role: GrantableRole) => (role.custom ? SYSTEM_ORDER.length : SYSTEM_ORDER.indexOf(role.id));
  const roles = roleRows
    .map(toRole)
    .sort((a, b) => rank(a) - rank(b))
    // Offer only what the actor could actually hand out.
    .filter((role) => access.isOwner || role.permissions.every((p) => access.permissions.has(p)));
  return {
    ...eventShell(access, [eventRows, roomRows, grantRows]),
    access,
    roles,
    invitations: invitationRows.map((row) => {
      const { tokenHash: _, ...invitation } = tableRow(invitations, row);
      return {
        ...invitation,
        roleName: row.role_name,
        roomName: row.room_name,
        expired: invitation.status === "pending" && invitation.expiresAt.getTime() <= now.getTime(),
      };
    }),
    grants: peopleRows.map(toEventGrant),
  };
}
