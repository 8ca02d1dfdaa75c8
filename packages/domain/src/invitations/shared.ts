import type { z } from "zod";
import { events, invitations, pendingProfiles, roles, rooms, users } from "@greenroom/db/webapp/schema";
import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import { createId } from "@paralleldrive/cuid2";
import { authorizeAndReadAll } from "../access";
import { type Ctx, unixSeconds } from "../context";
import { notFound } from "../errors";
import { type RoleRow, roleQuery, toRole } from "../grants/roles";
import { assertMayManageRole, checkScope, type ScopeRow, type ScopeTarget, scopeQuery, scopeResource } from "../grants/scope";
import { hashSecretToken } from "../secret-token";
import { InvitationTokenInput } from "./schemas";

export const INVITATION_TTL_DAYS = 7;

export const TTL_MS = INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000;

// Accepted and revoked invitations stay in the organizer's list this long.
export const RECENT_MS = 30 * 24 * 60 * 60 * 1000;

export type InvitationRow = typeof invitations.$inferSelect;

/** An invitation as verbs hand it out: never with its token hash. */
export type Invitation = Omit<InvitationRow, "tokenHash">;

export const withoutHash = ({ tokenHash: _, ...rest }: InvitationRow): Invitation => rest;

export type InvitationSent = { invitation: Invitation; acceptUrl: string; mailSent: boolean };

export const acceptUrlFor = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

type InvitationMail = {
  to: string;
  eventName: string;
  roleName: string;
  roomName: string | null;
  inviterName: string | null;
  acceptUrl: string;
  expiresAt: Date;
};

// One template for both ways an invitation mail is written: here for the mail API, and by SQLite's printf() when
// the row goes into the local outbox in the verb's own batch. Arguments: who, event, role, where, link, expiry.
const INVITATION_SUBJECT = "You're invited to %s";
const INVITATION_TEXT = ["%s to %s as %s%s.", "", "Accept the invitation: %s", "", "The link works once and expires on %s UTC."].join("\n");

const fill = (template: string, args: string[]) => {
  let i = 0;
  return template.replace(/%s/g, () => args[i++] ?? "");
};
const expiryText = (expiresAt: Date) => expiresAt.toISOString().slice(0, 16).replace("T", " ");

export async function sendInvitationMail(ctx: Ctx, mail: InvitationMail): Promise<boolean> {
  const where = mail.roomName ? ` in the room “${mail.roomName}”` : "";
  const who = mail.inviterName ? `${mail.inviterName} invited you` : "You are invited";
  try {
    await ctx.mail.send({
      to: mail.to,
      subject: fill(INVITATION_SUBJECT, [mail.eventName]),
      text: fill(INVITATION_TEXT, [who, mail.eventName, mail.roleName, where, mail.acceptUrl, expiryText(mail.expiresAt)]),
    });
    return true;
  } catch {
    // The invitation is already stored; the organizer gets the link to pass on instead.
    return false;
  }
}

/**
 * The invitation mail as one `mail_outbox` insert for the verb's own batch (local mail, `ctx.mail.outbox`): written
 * only if the invitation `invitationId` is pending with this token when it runs, with the names read by SQL.
 */
export function outboxInvitationMail(
  ctx: Ctx,
  mail: { invitationId: string; tokenHash: string; acceptUrl: string; expiresAt: Date },
): SQL {
  const inviter = ctx.actor?.userId ?? null;
  return sql`
    INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at)
    SELECT ${createId()}, i.email, printf(${INVITATION_SUBJECT}, e.name),
           printf(${INVITATION_TEXT},
                  coalesce(nullif((SELECT name FROM users WHERE id = ${inviter}), '') || ' invited you', 'You are invited'),
                  e.name, ro.name,
                  CASE WHEN rm.name IS NULL OR rm.name = '' THEN '' ELSE ' in the room “' || rm.name || '”' END,
                  ${mail.acceptUrl}, ${expiryText(mail.expiresAt)}),
           ${unixSeconds(ctx.now())}
    FROM invitations i
    JOIN events e ON e.id = i.event_id
    JOIN roles ro ON ro.id = i.role_id
    LEFT JOIN rooms rm ON rm.id = i.room_id
    WHERE i.id = ${mail.invitationId} AND i.token_hash = ${mail.tokenHash} AND i.status = 'pending'`;
}

/** Deletes the invitation's pending profile, but only once the same batch has moved the invitation to `status`. */
export function deletePendingProfileOnceSettled(ctx: Ctx, invitationId: string, status: "accepted" | "revoked") {
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
export async function invitationWithNames(ctx: Ctx, where: SQL | undefined) {
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

export const loadInvitation = (ctx: Ctx, invitationId: string) => invitationWithNames(ctx, eq(invitations.id, invitationId));

/** access.manage on what the invitation covers, and the right to manage its role: one round trip. */
export async function authorizeInvitation(ctx: Ctx, invitation: InvitationRow, forChange: boolean): Promise<ScopeTarget> {
  const scope = { eventId: invitation.eventId, roomId: invitation.roomId };
  const [access, [scopeRows, roleRows]] = await authorizeAndReadAll<[ScopeRow[], RoleRow[]]>(
    ctx,
    "access.manage",
    scopeResource(scope),
    [scopeQuery(scope), roleQuery(invitation.accountId, { roleId: invitation.roleId })],
  );
  const target = checkScope(access, scopeRows[0], scope, forChange);
  const roleRow = roleRows[0];
  if (roleRow) assertMayManageRole(target, toRole(roleRow));
  return target;
}

export async function inviterName(ctx: Ctx): Promise<string | null> {
  const userId = ctx.actor?.userId;
  if (!userId) return null;
  const [row] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? null;
}

export async function invitationByToken(ctx: Ctx, input: z.input<typeof InvitationTokenInput>) {
  const parsed = InvitationTokenInput.safeParse(input);
  // A malformed token cannot match any invitation; say so the same way as for an unknown one.
  if (!parsed.success) throw notFound("Invitation not found");
  const tokenHash = await hashSecretToken(parsed.data.token);
  return { ...(await invitationWithNames(ctx, eq(invitations.tokenHash, tokenHash))), tokenHash };
}
