import type { z } from "zod";

import { users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { invitationByToken } from "./shared";
import type { InvitationTokenInput } from "./schemas";

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
  /**
   * Who is looking, when signed in: `matches` if their address is the invited one, and whether it is verified.
   * Null for a signed-out visitor.
   */
  viewer: { email: string; matches: boolean; verified: boolean } | null;
};

/** What an invitation link is for, for its landing page. Needs no sign-in: holding the link is the proof. */
export async function getInvitationByToken({ ctx, input }: { ctx: Ctx; input: z.input<typeof InvitationTokenInput> }): Promise<InvitationPreview> {
  const { invitation, eventName, roleName, roomName } = await invitationByToken(ctx, input);
  const [me] = ctx.actor
    ? await ctx.db
        .select({ email: users.email, verifiedAt: users.emailVerifiedAt })
        .from(users)
        .where(eq(users.id, ctx.actor.userId))
        .limit(1)
    : [];
  return {
    viewer: me ? { email: me.email, matches: me.email === invitation.email, verified: !!me.verifiedAt } : null,
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
