import type { z } from "zod";
import { invitations, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, gt, sql } from "drizzle-orm";
import { conditionalAuditEntry, verifyFirst } from "../access";
import { GRANT_SOURCE_PRECEDENCE } from "../tickets/access-sql";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, forbidden, notFound } from "../errors";
import { deletePendingProfileOnceSettled, invitationByToken } from "./shared";
import type { InvitationTokenInput } from "./schemas";

export type AcceptedInvitation = { invitationId: string; eventId: string; roomId: string | null };

/**
 * Accepts an invitation for the signed-in user, only if their verified email is the invited one: a link passed
 * on to, or found by, another account grants nothing. One
 * conditional update makes it single-use and expiring; the grant and the audit row follow it in the same batch,
 * each only if the statement before it changed a row, so a replayed or concurrent accept grants nothing.
 */
// verb-exempt: the mailed token and the matching verified address are the authorization; the grant is audited
export async function acceptInvitation({ ctx, input }: { ctx: Ctx; input: z.input<typeof InvitationTokenInput> }): Promise<AcceptedInvitation> {
  const actor = requireActor(ctx);
  const { invitation, tokenHash } = await invitationByToken(ctx, input);
  const [me] = await ctx.db
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!me) throw notFound("Invitation not found");
  if (me.email !== invitation.email) throw forbidden(wrongAccountMessage(invitation.email, me.email));
  if (!me.verifiedAt) throw verifyFirst();
  const now = ctx.now();
  const at = unixSeconds(now);
  const [updated] = await batchStatements(ctx, [
    ctx.db
      .update(invitations)
      .set({ status: "accepted", acceptedBy: actor.userId, acceptedAt: now })
      .where(
        and(
          eq(invitations.id, invitation.id),
          eq(invitations.tokenHash, tokenHash),
          eq(invitations.status, "pending"),
          gt(invitations.expiresAt, now),
          // The same check as above, inside the statement: the accepting user's verified address is the invited one.
          sql`${invitations.email} = (SELECT email FROM users WHERE id = ${actor.userId} AND email_verified_at IS NOT NULL)`,
        ),
      ),
    conditionalAuditEntry(ctx, {
      accountId: invitation.accountId,
      action: "invitation.accept",
      targetType: "invitation",
      targetId: invitation.id,
      before: { status: "pending" },
      after: {
        status: "accepted",
        acceptedBy: actor.userId,
        grant: { eventId: invitation.eventId, roomId: invitation.roomId, roleId: invitation.roleId },
      },
    }),
    // changes() here is the audit insert's, which happened only if the update did.
    sql`
      INSERT INTO access_grants (id, account_id, user_id, event_id, room_id, role_id, source, granted_by, created_at)
      SELECT ${createId()}, account_id, accepted_by, event_id, room_id, role_id, 'invitation', invited_by, ${at}
      FROM invitations
      WHERE id = ${invitation.id} AND accepted_by = ${actor.userId} AND changes() > 0
      ${GRANT_SOURCE_PRECEDENCE}`,
    deletePendingProfileOnceSettled(ctx, invitation.id, "accepted"),
  ]);
  if (updated?.meta.changes) return { invitationId: invitation.id, eventId: invitation.eventId, roomId: invitation.roomId };

  // Nothing changed: read the invitation again only to say why.
  const [after] = await ctx.db
    .select({ status: invitations.status, expiresAt: invitations.expiresAt, tokenHash: invitations.tokenHash })
    .from(invitations)
    .where(eq(invitations.id, invitation.id))
    .limit(1);
  if (!after || after.tokenHash !== tokenHash) throw notFound("Invitation not found");
  if (after.status === "accepted") throw conflict("This invitation has already been used.");
  if (after.status === "revoked") throw conflict("This invitation was revoked.");
  throw conflict("This invitation has expired. Ask the organizer to send it again.");
}

export const wrongAccountMessage = (invited: string, signedInAs: string) =>
  `This invitation is for ${invited}, and you are signed in as ${signedInAs}. Sign out, then sign in or sign up as ${invited} to accept it.`;
