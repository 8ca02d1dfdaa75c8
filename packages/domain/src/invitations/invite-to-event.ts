import type { z } from "zod";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { actorMay, actorPermissionCtes, authorizeReadAndWrite, conditionalAuditEntry } from "../access";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, parseInput } from "../errors";
import { type RoleRow, roleQuery, toRole } from "../grants/roles";
import { assertMayManageRole, checkScope, type ScopeRow, scopeQuery, scopeResource, unknownRole } from "../grants/scope";
import { LIMITS, limitSlotStatement, rateLimited } from "../limits";
import { hashSecretToken, newSecretToken } from "../secret-token";
import { InviteToEventInput } from "./schemas";
import {
  type InvitationRow,
  type InvitationSent,
  TTL_MS,
  acceptUrlFor,
  outboxInvitationMail,
  sendInvitationMail,
  withoutHash,
} from "./shared";

/**
 * Invites an email address to the event or one room with a role: a single-use token (only its hash is stored)
 * valid for 7 days, a pending profile when no verified user has that email yet (it becomes a grant once the
 * address is verified), a slot under the account's daily invitation limit, an audit row and, with local mail, the mail
 * itself, all in one batch with the authorization and the checks: one D1 round trip. The invitation insert carries
 * every rule in SQL (access.manage on the scope, the event and room open, the role grantable here and no stronger
 * than the inviter's own, nobody already holding it, no open invitation for the same thing); the other writes
 * depend on the row it makes. The reads in the batch give the same answers as before for a refusal. With the mail
 * API, the mail is sent after the batch. The accept link is returned once so the organizer can pass it on.
 */
export async function inviteToEvent({ ctx, input }: { ctx: Ctx; input: z.input<typeof InviteToEventInput> }): Promise<InvitationSent> {
  const data = parseInput(InviteToEventInput, input);
  const actor = requireActor(ctx);
  const roomId = data.roomId ?? null;
  const scope = { eventId: data.eventId, roomId };
  const resource = scopeResource(scope);
  const token = newSecretToken();
  const now = ctx.now();
  const at = unixSeconds(now);
  const id = createId();
  const tokenHash = await hashSecretToken(token);
  const expiresAt = new Date(now.getTime() + TTL_MS);
  const acceptUrl = acceptUrlFor(data.baseUrl, token);

  const accountOfEvent = sql`(SELECT account_id FROM events WHERE id = ${data.eventId})`;
  const roleOfEvent = sql`(SELECT id FROM (${roleQuery(accountOfEvent, data)}))`;
  const holds = (roleId: typeof roleOfEvent) => sql`
    SELECT 1 AS held FROM access_grants g JOIN users u ON u.id = g.user_id
    WHERE u.email = ${data.email} AND g.event_id = ${data.eventId} AND g.room_scope = ${roomId ?? ""}
      AND g.role_id = ${roleId}`;
  const writes = [
    // A slot under the account's daily limit, taken only by someone allowed to invite here.
    limitSlotStatement(
      sql`
        WITH RECURSIVE ${actorPermissionCtes(actor, resource)}
        SELECT 'invitations:' || t.account_id AS key FROM target t WHERE ${actorMay(actor, "access.manage")}`,
      LIMITS.invitationsPerAccount,
      at,
    ),
    sql`
      WITH RECURSIVE ${actorPermissionCtes(actor, resource)},
        chosen_role AS (SELECT id FROM (${roleQuery(sql`(SELECT account_id FROM target)`, data)})),
        role_closure(role_id) AS (
          SELECT id FROM chosen_role
          UNION
          SELECT ri.inherits_role_id FROM role_inheritances ri JOIN role_closure rc ON ri.role_id = rc.role_id
        ),
        role_keys(key) AS (
          SELECT p.key FROM role_closure rc
          JOIN role_permissions rp ON rp.role_id = rc.role_id JOIN permissions p ON p.id = rp.permission_id
        )
      INSERT INTO invitations (id, account_id, event_id, room_id, email, role_id, token_hash, status, expires_at,
                               invited_by, send_count, last_sent_at, created_at)
      SELECT ${id}, t.account_id, ${data.eventId}, ${roomId}, ${data.email}, cr.id, ${tokenHash}, 'pending',
             ${unixSeconds(expiresAt)}, ${actor.userId}, 1, ${at}, ${at}
      FROM target t JOIN events e ON e.id = t.event_id JOIN chosen_role cr
      -- changes(): the limit slot just above was taken
      WHERE changes() > 0 AND t.event_id = ${data.eventId} AND e.status <> 'archived'
        AND (${roomId} IS NULL
             OR EXISTS (SELECT 1 FROM rooms WHERE id = ${roomId} AND event_id = ${data.eventId} AND status = 'active'))
        AND ${actorMay(actor, "access.manage")}
        -- Nobody hands out a role stronger than their own: owners may, others need its every permission.
        AND (EXISTS (SELECT 1 FROM is_owner) OR NOT EXISTS (SELECT key FROM role_keys EXCEPT SELECT key FROM held))
        AND NOT EXISTS (${holds(sql`cr.id`)})
        -- One open invitation per email, scope and role: a second one would be a duplicate mail, not a new intent.
        AND NOT EXISTS (
          SELECT 1 FROM invitations
          WHERE event_id = ${data.eventId} AND coalesce(room_id, '') = ${roomId ?? ""} AND email = ${data.email}
            AND role_id = cr.id AND status = 'pending' AND expires_at > ${at})`,
    conditionalAuditEntry(ctx, {
      accountId: sql`(SELECT account_id FROM invitations WHERE id = ${id})`,
      action: "invitation.create",
      targetType: "invitation",
      targetId: id,
      after: sql`(SELECT json_object('email', email, 'eventId', event_id, 'roomId', room_id, 'roleId', role_id,
                                     'status', status)
                  FROM invitations WHERE id = ${id})`,
    }),
    sql`
      INSERT INTO pending_profiles (id, account_id, event_id, room_id, invitation_id, email, role_id, created_at)
      SELECT ${createId()}, account_id, event_id, room_id, id, email, role_id, ${at}
      FROM invitations
      WHERE id = ${id} AND NOT EXISTS (SELECT 1 FROM users WHERE email = ${data.email} AND email_verified_at IS NOT NULL)`,
    ...(ctx.mail.outbox ? [outboxInvitationMail(ctx, { invitationId: id, tokenHash, acceptUrl, expiresAt })] : []),
  ];
  const [access, [scopeRows, roleRows, holderRows, inviterRows], [slot, inserted, , , mailed]] = await authorizeReadAndWrite<
    [ScopeRow[], RoleRow[], { held: number }[], { name: string }[]]
  >(
    ctx,
    "access.manage",
    resource,
    [
      scopeQuery(scope),
      roleQuery(accountOfEvent, data),
      holds(roleOfEvent),
      sql`SELECT name FROM users WHERE id = ${actor.userId}`,
    ],
    writes,
  );
  // The same answers, in the same order, as checking step by step; a refused invitation wrote nothing.
  const target = checkScope(access, scopeRows[0], scope, true);
  const roleRow = roleRows[0];
  if (!roleRow) throw unknownRole(data);
  const role = toRole(roleRow);
  assertMayManageRole(target, role);
  if (holderRows.length > 0) throw conflict(`${data.email} already has access as ${role.name}.`);
  if (!slot?.meta.changes) throw rateLimited(LIMITS.invitationsPerAccount);
  if (!inserted?.meta.changes) {
    throw conflict(`${data.email} already has a pending invitation as ${role.name}. Resend it instead.`);
  }

  const invitation: InvitationRow = {
    id,
    accountId: target.accountId,
    eventId: data.eventId,
    roomId,
    email: data.email,
    roleId: role.id,
    tokenHash,
    status: "pending",
    expiresAt,
    invitedBy: actor.userId,
    acceptedBy: null,
    acceptedAt: null,
    sendCount: 1,
    lastSentAt: now,
    createdAt: now,
  };
  const mailSent = mailed
    ? mailed.meta.changes > 0
    : await sendInvitationMail(ctx, {
        to: invitation.email,
        eventName: target.eventName,
        roleName: role.name,
        roomName: target.roomName,
        inviterName: inviterRows[0]?.name ?? null,
        acceptUrl,
        expiresAt,
      });
  return { invitation: withoutHash(invitation), acceptUrl, mailSent };
}
