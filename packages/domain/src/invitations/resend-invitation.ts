import type { z } from "zod";
import { invitations } from "@greenroom/db/webapp/schema";
import { and, eq, lt, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { conflict, DomainError, parseInput } from "../errors";
import { LIMITS, limitSlotStatement, MAX_SENDS_PER_INVITATION, RESEND_CAP_MESSAGE, rateLimited } from "../limits";
import { hashSecretToken, newSecretToken } from "../secret-token";
import { ResendInvitationInput } from "./schemas";
import { type InvitationRow, type InvitationSent, TTL_MS, acceptUrlFor, authorizeInvitation, inviterName, loadInvitation, outboxInvitationMail, sendInvitationMail, withoutHash } from "./shared";

/**
 * Sends a pending invitation again with a new token (the old link stops working) and a fresh 7 days, at most
 * `MAX_SENDS_PER_INVITATION` sends in all; each counts against the account's daily invitations.
 */
export async function resendInvitation({ ctx, input }: { ctx: Ctx; input: z.input<typeof ResendInvitationInput> }): Promise<InvitationSent> {
  const data = parseInput(ResendInvitationInput, input);
  requireActor(ctx);
  const loaded = await loadInvitation(ctx, data.invitationId);
  const current = loaded.invitation;
  const target = await authorizeInvitation(ctx, current, true);
  if (current.sendCount >= MAX_SENDS_PER_INVITATION) throw new DomainError("rate_limited", RESEND_CAP_MESSAGE);

  const token = newSecretToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + TTL_MS);
  const tokenHash = await hashSecretToken(token);
  const acceptUrl = acceptUrlFor(data.baseUrl, token);
  const [slot, updated, , mailed] = await batchStatements(ctx, [
    // A slot under the account's daily invitations; the resend below happens only if it was taken.
    limitSlotStatement(sql`SELECT ${`invitations:${target.accountId}`} AS key`, LIMITS.invitationsPerAccount, unixSeconds(now)),
    ctx.db
      .update(invitations)
      .set({ tokenHash, expiresAt, sendCount: sql`${invitations.sendCount} + 1`, lastSentAt: now })
      .where(
        and(
          eq(invitations.id, current.id),
          eq(invitations.status, "pending"),
          // The cap holds inside the statement too, so concurrent resends cannot pass it.
          lt(invitations.sendCount, MAX_SENDS_PER_INVITATION),
          sql`changes() > 0`,
        ),
      ),
    conditionalAuditEntry(ctx, {
      accountId: current.accountId,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: current.id,
      before: { expiresAt: current.expiresAt.toISOString(), sendCount: current.sendCount },
      after: { expiresAt: expiresAt.toISOString(), sendCount: current.sendCount + 1 },
    }),
    // Local mail: the outbox row in the same batch, written only if this resend happened.
    ...(ctx.mail.outbox
      ? [outboxInvitationMail(ctx, { invitationId: current.id, tokenHash, acceptUrl, expiresAt })]
      : []),
  ]);
  if (!slot?.meta.changes) throw rateLimited(LIMITS.invitationsPerAccount);
  if (!updated?.meta.changes) {
    if (current.status === "pending") throw new DomainError("rate_limited", RESEND_CAP_MESSAGE);
    throw conflict("Only a pending invitation can be sent again.");
  }
  const row: InvitationRow = { ...current, tokenHash, expiresAt, sendCount: current.sendCount + 1, lastSentAt: now };

  const mailSent = mailed
    ? mailed.meta.changes > 0
    : await sendInvitationMail(ctx, {
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
