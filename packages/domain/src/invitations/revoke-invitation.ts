import type { z } from "zod";
import { invitations } from "@greenroom/db/webapp/schema";
import { and, eq } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor } from "../context";
import { conflict, parseInput } from "../errors";
import { RevokeInvitationInput } from "./schemas";
import { type Invitation, authorizeInvitation, deletePendingProfileOnceSettled, loadInvitation, withoutHash } from "./shared";

/** Withdraws a pending invitation: its link stops working and its pending profile goes, in one batch. */
export async function revokeInvitation({ ctx, input }: { ctx: Ctx; input: z.input<typeof RevokeInvitationInput> }): Promise<Invitation> {
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
