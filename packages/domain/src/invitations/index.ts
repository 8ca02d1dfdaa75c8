import { accessGrants, events, invitations, pendingProfiles, roles, rooms, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, desc, eq, exists, gt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { Email } from "../auth/schemas";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, notFound, parseInput } from "../errors";
import { resolveRole } from "../grants/roles";
import {
  assertMayManageRole,
  authorizeScope,
  Id,
  OptionalId,
  RoleChoice,
  roleChosen,
  type ScopeTarget,
  unknownRole,
} from "../grants/scope";
import { hashSecretToken, newSecretToken, SECRET_TOKEN_PATTERN } from "../secret-token";

export { pendingProfileConversion } from "./pending-profiles";

export const INVITATION_TTL_DAYS = 7;
const TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000;
// Accepted and revoked invitations stay in the organizer's list this long.
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;

/** The origin the accept link points at (the webapp passes its own); no path, query or trailing slash. */
const BaseUrl = z
  .url({ protocol: /^https?$/, message: "Enter the site's address, like https://example.com" })
  .max(200)
  .transform((u) => new URL(u).origin);

export const InviteToEventInput = z
  .object({ eventId: Id, roomId: OptionalId, email: Email, ...RoleChoice, baseUrl: BaseUrl })
  .refine(roleChosen, { message: "Choose a role", path: ["roleId"] });
export type InviteToEventInput = z.infer<typeof InviteToEventInput>;

export const ResendInvitationInput = z.object({ invitationId: Id, baseUrl: BaseUrl });
export type ResendInvitationInput = z.infer<typeof ResendInvitationInput>;

export const RevokeInvitationInput = z.object({ invitationId: Id });
export type RevokeInvitationInput = z.infer<typeof RevokeInvitationInput>;

export const ListInvitationsInput = z.object({ eventId: Id });
export type ListInvitationsInput = z.infer<typeof ListInvitationsInput>;

export const InvitationTokenInput = z.object({ token: z.string().trim().regex(SECRET_TOKEN_PATTERN) });
export type InvitationTokenInput = z.infer<typeof InvitationTokenInput>;

type InvitationRow = typeof invitations.$inferSelect;
/** An invitation as verbs hand it out: never with its token hash. */
export type Invitation = Omit<InvitationRow, "tokenHash">;

const withoutHash = ({ tokenHash: _, ...rest }: InvitationRow): Invitation => rest;

export type InvitationSent = { invitation: Invitation; acceptUrl: string; mailSent: boolean };

const acceptUrlFor = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

async function sendInvitationMail(
  ctx: Ctx,
  mail: { to: string; eventName: string; roleName: string; roomName: string | null; inviterName: string | null; acceptUrl: string; expiresAt: Date },
): Promise<boolean> {
  const where = mail.roomName ? ` in the room “${mail.roomName}”` : "";
  const who = mail.inviterName ? `${mail.inviterName} invited you` : "You are invited";
  try {
    await ctx.mail.send({
      to: mail.to,
      subject: `You're invited to ${mail.eventName}`,
      text: [
        `${who} to ${mail.eventName} as ${mail.roleName}${where}.`,
        "",
        `Accept the invitation: ${mail.acceptUrl}`,
        "",
        `The link works once and expires on ${mail.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      ].join("\n"),
    });
    return true;
  } catch {
    // The invitation is already stored; the organizer gets the link to pass on instead.
    return false;
  }
}

/** Deletes the invitation's pending profile, but only once the same batch has moved the invitation to `status`. */
function deletePendingProfileOnceSettled(ctx: Ctx, invitationId: string, status: "accepted" | "revoked") {
  return ctx.db
    .delete(pendingProfiles)
    .where(
      and(
        eq(pendingProfiles.invitationId, invitationId),
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(invitations)
            .where(and(eq(invitations.id, invitationId), eq(invitations.status, status))),
        ),
      ),
    );
}

/** The invitation matching `where`, with the names its mail and pages need, or not_found. */
async function invitationWithNames(ctx: Ctx, where: SQL | undefined) {
  const [row] = await ctx.db
    .select({ invitation: invitations, roleName: roles.name, roomName: rooms.name, eventName: events.name })
    .from(invitations)
    .innerJoin(events, eq(events.id, invitations.eventId))
    .innerJoin(roles, eq(roles.id, invitations.roleId))
    .leftJoin(rooms, eq(rooms.id, invitations.roomId))
    .where(where)
    .limit(1);
  if (!row) throw notFound("Invitation not found");
  return row;
}

const loadInvitation = (ctx: Ctx, invitationId: string) => invitationWithNames(ctx, eq(invitations.id, invitationId));

/** access.manage on what the invitation covers, and the right to manage its role. */
async function authorizeInvitation(ctx: Ctx, invitation: InvitationRow, forChange: boolean): Promise<ScopeTarget> {
  const target = await authorizeScope(
    ctx,
    "access.manage",
    { eventId: invitation.eventId, roomId: invitation.roomId },
    { forChange },
  );
  const role = await resolveRole(ctx, target.accountId, { roleId: invitation.roleId });
  if (role) assertMayManageRole(target, role);
  return target;
}

async function inviterName(ctx: Ctx): Promise<string | null> {
  const userId = ctx.actor?.userId;
  if (!userId) return null;
  const [row] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

/**
 * Invites an email address to the event or one room with a role: a single-use token (only its hash is stored)
 * valid for 7 days, a pending profile when nobody has that email yet, and an audit row, in one batch; then the
 * mail. The accept link is returned once so the organizer can pass it on if the mail did not go out.
 */
export async function inviteToEvent({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<InvitationSent> {
  const data = parseInput(InviteToEventInput, input);
  const actor = requireActor(ctx);
  const roomId = data.roomId ?? null;
  const target = await authorizeScope(ctx, "access.manage", { eventId: data.eventId, roomId }, { forChange: true });
  const role = await resolveRole(ctx, target.accountId, data);
  if (!role) throw unknownRole(data);
  assertMayManageRole(target, role);

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
      WHERE id = ${invitation.id} AND NOT EXISTS (SELECT 1 FROM users WHERE email = ${data.email})`,
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

/** Sends a pending invitation again with a new token (the old link stops working) and a fresh 7 days. */
export async function resendInvitation({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<InvitationSent> {
  const data = parseInput(ResendInvitationInput, input);
  requireActor(ctx);
  const loaded = await loadInvitation(ctx, data.invitationId);
  const current = loaded.invitation;
  await authorizeInvitation(ctx, current, true);

  const token = newSecretToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + TTL_MS);
  const tokenHash = await hashSecretToken(token);
  const [updated] = await batchStatements(ctx, [
    ctx.db
      .update(invitations)
      .set({ tokenHash, expiresAt, sendCount: sql`${invitations.sendCount} + 1`, lastSentAt: now })
      .where(and(eq(invitations.id, current.id), eq(invitations.status, "pending"))),
    conditionalAuditEntry(ctx, {
      accountId: current.accountId,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: current.id,
      before: { expiresAt: current.expiresAt.toISOString(), sendCount: current.sendCount },
      after: { expiresAt: expiresAt.toISOString(), sendCount: current.sendCount + 1 },
    }),
  ]);
  if (!updated?.meta.changes) throw conflict("Only a pending invitation can be sent again.");
  const row: InvitationRow = { ...current, tokenHash, expiresAt, sendCount: current.sendCount + 1, lastSentAt: now };

  const acceptUrl = acceptUrlFor(data.baseUrl, token);
  const mailSent = await sendInvitationMail(ctx, {
    to: row.email,
    eventName: loaded.eventName,
    roleName: loaded.roleName,
    roomName: loaded.roomName,
    inviterName: await inviterName(ctx),
    acceptUrl,
    expiresAt,
  });
  return { invitation: withoutHash(row), acceptUrl, mailSent };
}

/** Withdraws a pending invitation: its link stops working and its pending profile goes, in one batch. */
export async function revokeInvitation({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<Invitation> {
  const { invitationId } = parseInput(RevokeInvitationInput, input);
  requireActor(ctx);
  const { invitation: current } = await loadInvitation(ctx, invitationId);
  await authorizeInvitation(ctx, current, false);
  const [updated] = await batchStatements(ctx, [
    ctx.db
      .update(invitations)
      .set({ status: "revoked" })
      .where(and(eq(invitations.id, current.id), eq(invitations.status, "pending"))),
    conditionalAuditEntry(ctx, {
      accountId: current.accountId,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: current.id,
      before: { status: "pending", email: current.email },
      after: { status: "revoked", email: current.email },
    }),
    deletePendingProfileOnceSettled(ctx, current.id, "revoked"),
  ]);
  if (updated?.meta.changes) return withoutHash({ ...current, status: "revoked" });
  const { invitation: latest } = await loadInvitation(ctx, invitationId);
  throw conflict(
    latest.status === "accepted"
      ? "This invitation was already accepted. Remove the person's access instead."
      : "This invitation is already revoked.",
  );
}

export type InvitationListEntry = Invitation & {
  roleName: string;
  roomName: string | null;
  /** Pending, but past its expiry: the link no longer works until it is sent again. */
  expired: boolean;
};

export const INVITATIONS_LIMIT = 100;

/** The event's pending invitations and those accepted or revoked in the last 30 days, newest first. */
export async function listInvitations({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<InvitationListEntry[]> {
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

export type InvitationPreview = {
  eventId: string;
  eventName: string;
  roomName: string | null;
  roleName: string;
  email: string;
  status: "pending" | "accepted" | "revoked";
  expired: boolean;
  expiresAt: Date;
  /** The signed-in actor is the one who accepted it (e.g. right after signing up with the invited email). */
  acceptedByYou: boolean;
};

async function invitationByToken(ctx: Ctx, input: unknown) {
  const parsed = InvitationTokenInput.safeParse(input);
  // A malformed token cannot match any invitation; say so the same way as for an unknown one.
  if (!parsed.success) throw notFound("Invitation not found");
  const tokenHash = await hashSecretToken(parsed.data.token);
  return { ...(await invitationWithNames(ctx, eq(invitations.tokenHash, tokenHash))), tokenHash };
}

/** What an invitation link is for, for its landing page. Needs no sign-in: holding the link is the proof. */
export async function getInvitationByToken({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<InvitationPreview> {
  const { invitation, eventName, roleName, roomName } = await invitationByToken(ctx, input);
  return {
    eventId: invitation.eventId,
    eventName,
    roomName,
    roleName,
    email: invitation.email,
    status: invitation.status,
    expired: invitation.status === "pending" && invitation.expiresAt.getTime() <= ctx.now().getTime(),
    expiresAt: invitation.expiresAt,
    acceptedByYou: invitation.status === "accepted" && !!ctx.actor && invitation.acceptedBy === ctx.actor.userId,
  };
}

export type AcceptedInvitation = { invitationId: string; eventId: string; roomId: string | null };

/**
 * Accepts an invitation for the signed-in user, whatever their email: the link proves the mailbox. One
 * conditional update makes it single-use and expiring; the grant and the audit row follow it in the same batch,
 * each only if the statement before it changed a row, so a replayed or concurrent accept grants nothing.
 */
// verb-exempt: the mailed token is the authorization (single-use, hashed); the grant it creates is audited
export async function acceptInvitation({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AcceptedInvitation> {
  const actor = requireActor(ctx);
  const { invitation, tokenHash } = await invitationByToken(ctx, input);
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
      ON CONFLICT DO NOTHING`,
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
