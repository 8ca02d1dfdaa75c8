import type { z } from "zod";
import { accessGrants, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, parseInput } from "../errors";
import { resolveRole } from "../grants/roles";
import { assertMayManageRole, authorizeScope, unknownRole } from "../grants/scope";
import { enforceLimit, LIMITS } from "../limits";
import { hashSecretToken, newSecretToken } from "../secret-token";
import { InviteToEventInput } from "./schemas";
import { type InvitationRow, type InvitationSent, TTL_MS, acceptUrlFor, inviterName, sendInvitationMail, withoutHash } from "./shared";

/**
 * Invites an email address to the event or one room with a role: a single-use token (only its hash is stored)
 * valid for 7 days, a pending profile when no verified user has that email yet (it becomes a grant when the
 * address is verified), and an audit row, in one batch; then the
 * mail. The accept link is returned once so the organizer can pass it on if the mail did not go out.
 */
export async function inviteToEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof InviteToEventInput> }): Promise<InvitationSent> {
  const data = parseInput(InviteToEventInput, input);
  const actor = requireActor(ctx);
  const roomId = data.roomId ?? null;
  const target = await authorizeScope(ctx, "access.manage", { eventId: data.eventId, roomId }, { forChange: true });
  const role = await resolveRole(ctx, target.accountId, data);
  if (!role) throw unknownRole(data);
  assertMayManageRole(target, role);
  await enforceLimit(ctx, LIMITS.invitationsPerAccount, `invitations:${target.accountId}`);

  const holders = await ctx.db
    .select({ id: accessGrants.id })
    .from(accessGrants)
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .where(
      and(
        eq(users.email, data.email),
        eq(accessGrants.eventId, data.eventId),
        eq(accessGrants.roomScope, roomId ?? ""),
        eq(accessGrants.roleId, role.id),
      ),
    )
    .limit(1);
  if (holders.length > 0) throw conflict(`${data.email} already has access as ${role.name}.`);

  const token = newSecretToken();
  const now = ctx.now();
  const invitation: InvitationRow = {
    id: createId(),
    accountId: target.accountId,
    eventId: data.eventId,
    roomId,
    email: data.email,
    roleId: role.id,
    tokenHash: await hashSecretToken(token),
    status: "pending",
    expiresAt: new Date(now.getTime() + TTL_MS),
    invitedBy: actor.userId,
    acceptedBy: null,
    acceptedAt: null,
    sendCount: 1,
    lastSentAt: now,
    createdAt: now,
  };
  const at = unixSeconds(now);
  const [inserted] = await batchStatements(ctx, [
    // One open invitation per email, scope and role: a second one would be a duplicate mail, not a new intent.
    sql`
      INSERT INTO invitations (id, account_id, event_id, room_id, email, role_id, token_hash, status, expires_at,
                               invited_by, send_count, last_sent_at, created_at)
      SELECT ${invitation.id}, ${invitation.accountId}, ${invitation.eventId}, ${roomId}, ${invitation.email},
             ${role.id}, ${invitation.tokenHash}, 'pending', ${unixSeconds(invitation.expiresAt)}, ${actor.userId},
             1, ${at}, ${at}
      WHERE NOT EXISTS (
        SELECT 1 FROM invitations
        WHERE event_id = ${data.eventId} AND coalesce(room_id, '') = ${roomId ?? ""} AND email = ${data.email}
          AND role_id = ${role.id} AND status = 'pending' AND expires_at > ${at})`,
    conditionalAuditEntry(ctx, {
      accountId: target.accountId,
      action: "invitation.create",
      targetType: "invitation",
      targetId: invitation.id,
      after: { email: invitation.email, eventId: invitation.eventId, roomId, roleId: role.id, status: "pending" },
    }),
    sql`
      INSERT INTO pending_profiles (id, account_id, event_id, room_id, invitation_id, email, role_id, created_at)
      SELECT ${createId()}, account_id, event_id, room_id, id, email, role_id, ${at}
      FROM invitations
      WHERE id = ${invitation.id} AND changes() > 0
        AND NOT EXISTS (SELECT 1 FROM users WHERE email = ${data.email} AND email_verified_at IS NOT NULL)`,
  ]);
  if (!inserted?.meta.changes) {
    throw conflict(`${data.email} already has a pending invitation as ${role.name}. Resend it instead.`);
  }

  const acceptUrl = acceptUrlFor(data.baseUrl, token);
  const mailSent = await sendInvitationMail(ctx, {
    to: invitation.email,
    eventName: target.eventName,
    roleName: role.name,
    roomName: target.roomName,
    inviterName: await inviterName(ctx),
    acceptUrl,
    expiresAt: invitation.expiresAt,
  });
  return { invitation: withoutHash(invitation), acceptUrl, mailSent };
}
