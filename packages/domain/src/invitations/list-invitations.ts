import type { z } from "zod";
import { invitations, roles, rooms } from "@greenroom/db/webapp/schema";
import { and, desc, eq, gt, or } from "drizzle-orm";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { authorizeScope } from "../grants/scope";
import { ListInvitationsInput } from "./schemas";
import { type Invitation, RECENT_MS, withoutHash } from "./shared";

export type InvitationListEntry = Invitation & {
  roleName: string;
  roomName: string | null;
  /** Pending, but past its expiry: the link no longer works until it is sent again. */
  expired: boolean;
};

export const INVITATIONS_LIMIT = 100;

/** The event's pending invitations and those accepted or revoked in the last 30 days, newest first. */
export async function listInvitations({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListInvitationsInput> }): Promise<InvitationListEntry[]> {
  const { eventId } = parseInput(ListInvitationsInput, input);
  await authorizeScope(ctx, "access.manage", { eventId, roomId: null }, { forChange: false });
  const now = ctx.now();
  const rows = await ctx.db
    .select({ invitation: invitations, roleName: roles.name, roomName: rooms.name })
    .from(invitations)
    .innerJoin(roles, eq(roles.id, invitations.roleId))
    .leftJoin(rooms, eq(rooms.id, invitations.roomId))
    .where(
      and(
        eq(invitations.eventId, eventId),
        or(eq(invitations.status, "pending"), gt(invitations.createdAt, new Date(now.getTime() - RECENT_MS))),
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(INVITATIONS_LIMIT);
  return rows.map((r) => ({
    ...withoutHash(r.invitation),
    roleName: r.roleName,
    roomName: r.roomName,
    expired: r.invitation.status === "pending" && r.invitation.expiresAt.getTime() <= now.getTime(),
  }));
}
