import { users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { type Ctx, requireActor } from "../context";
import { conflict, parseInput, unauthenticated } from "../errors";
import { redeemLinkToken } from "./link-tokens";
import { ResendVerificationInput, VerifyEmailInput } from "./schemas";
import type { SessionUser } from "./sign-in";
import { sendVerificationMail } from "./sign-up";

/**
 * Follows the verification link mailed at sign-up. Signed in as that user, or given the password chosen at
 * sign-up, it only verifies; otherwise it signs the holder in and, the account being unverified, takes it over
 * (password cleared, other sessions ended).
 * Either way the address's pending profiles become grants in the same batch.
 */
// verb-exempt: the mailed single-use token is the credential; it changes only its own user
export async function verifyEmail({ ctx, input }: { ctx: Ctx; input: z.input<typeof VerifyEmailInput> }): Promise<SessionUser> {
  const { token, password } = parseInput(VerifyEmailInput, input);
  return redeemLinkToken(ctx, token, "verify_email", { password });
}

/** The banner's "send the link again", for the signed-in user whose address is not verified yet (rate-limited). */
// verb-exempt: the actor asks for a mail to their own address; no tenant data changes
export async function resendVerification({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof ResendVerificationInput>;
}): Promise<{ email: string }> {
  const { baseUrl, ip } = parseInput(ResendVerificationInput, input);
  const actor = requireActor(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user || user.disabledAt) throw unauthenticated();
  if (user.emailVerifiedAt) throw conflict("Your email address is already verified.");
  await sendVerificationMail(ctx, user, baseUrl, ip);
  return { email: user.email };
}
