import type { z } from "zod";
import { events, invitations, pendingProfiles, roles, rooms, users } from "@greenroom/db/webapp/schema";
import { and, eq, exists, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { notFound } from "../errors";
import { resolveRole } from "../grants/roles";
import { assertMayManageRole, authorizeScope, type ScopeTarget } from "../grants/scope";
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

export async function sendInvitationMail(
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

/** access.manage on what the invitation covers, and the right to manage its role. */
export async function authorizeInvitation(ctx: Ctx, invitation: InvitationRow, forChange: boolean): Promise<ScopeTarget> {
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
