import type { z } from "zod";
import { accountOwnership, accounts, invitations, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, eq, gt } from "drizzle-orm";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { isDomainError, parseInput } from "../errors";
import { enforceAuthMailLimits, enforceIpLimit, LIMITS } from "../limits";
import { pendingProfileConversion } from "../invitations/pending-profiles";
import { hashSecretToken } from "../secret-token";
import { issueLinkToken, LINK_TTL_MINUTES } from "./link-tokens";
import { hashPassword } from "./password";
import { SignUpInput } from "./schemas";

export type SignedUpUser = { id: string; email: string; name: string; accountId: string; verified: boolean };

/**
 * Signs up, answering the same whether or not the address already has an account, so sign-up tells strangers
 * nothing:
 * - a new address gets the user, a personal account (founded by them) and its ownership in one batch, and a
 *   verification link by mail. Until the address is verified the user may sign in and create their own events
 *   only; pending profiles stay pending.
 * - Signing up through an invitation link for that same address counts as verification (the link was mailed
 *   there): the user is created verified and the pending profiles become grants in the same batch.
 * - An existing address gets a mail saying someone tried to sign up, with a sign-in link; nothing is created.
 * Returns the new user, or null when the address was taken (the caller must not tell the visitor).
 */
// verb-exempt: sign-up has no actor yet; it creates the user and their own personal account
export async function signUp({ ctx, input }: { ctx: Ctx; input: z.input<typeof SignUpInput> }): Promise<SignedUpUser | null> {
  const { name, email, password, baseUrl, ip, invitation } = parseInput(SignUpInput, input);
  await enforceIpLimit(ctx, LIMITS.signUpsPerIp, "signup-ip", ip);
  // Hashed either way, so an existing address takes as long to answer as a new one.
  const passwordHash = await hashPassword(password);
  const [existing] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (existing) {
    // A full mail limit here must look like a new sign-up, so it is not reported.
    await quietlyRateLimited(mailExistingOwner(ctx, existing, baseUrl, ip));
    return null;
  }

  const now = ctx.now();
  const invitedHere = invitation ? await invitationMailedTo(ctx, invitation, email) : false;
  const userId = createId();
  const accountId = createId();
  try {
    await batchStatements(ctx, [
      ctx.db
        .insert(users)
        .values({ id: userId, email, name, passwordHash, emailVerifiedAt: invitedHere ? now : null, createdAt: now }),
      ctx.db
        .insert(accounts)
        .values({ id: accountId, name: `${name}'s events`, kind: "personal", foundedBy: userId, createdAt: now }),
      ctx.db.insert(accountOwnership).values({ accountId, userId, createdAt: now }),
      // Converts only if the insert above made the user verified.
      ...pendingProfileConversion(ctx, { id: userId, email }),
    ]);
  } catch (error) {
    // Two sign-ups for one email at once: the unique index lets exactly one batch through; the other is told the same.
    if (String((error as { cause?: unknown })?.cause ?? error).includes("UNIQUE")) return null;
    throw error;
  }
  if (!invitedHere) await quietlyRateLimited(sendVerificationMail(ctx, { id: userId, email, name }, baseUrl, ip));
  return { id: userId, email, name, accountId, verified: invitedHere };
}

async function quietlyRateLimited(sending: Promise<void>): Promise<void> {
  try {
    await sending;
  } catch (error) {
    if (!(isDomainError(error) && error.code === "rate_limited")) throw error;
  }
}

/** Is `token` a pending, unexpired invitation to exactly this address? */
async function invitationMailedTo(ctx: Ctx, token: string, email: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, await hashSecretToken(token)),
        eq(invitations.email, email),
        eq(invitations.status, "pending"),
        gt(invitations.expiresAt, ctx.now()),
      ),
    )
    .limit(1);
  return !!row;
}

/** Mails a fresh verification link to an unverified user (sign-up and the banner's "send again"). */
export async function sendVerificationMail(
  ctx: Ctx,
  user: { id: string; email: string; name: string },
  baseUrl: string,
  ip: string | undefined,
): Promise<void> {
  await enforceAuthMailLimits(ctx, user.email, ip);
  const token = await issueLinkToken(ctx, user.id, "verify_email");
  await ctx.mail.send({
    to: user.email,
    subject: "Confirm your email for Greenroom",
    text: [
      `Hello ${user.name},`,
      "",
      `Confirm that this address is yours. The link works once, for ${LINK_TTL_MINUTES.verify_email} minutes:`,
      `${baseUrl}/verify/${token}`,
      "",
      "Until you do, you can create your own events, but invitations and access sent to this address wait.",
      "If you did not sign up, ignore this mail: following the link would take the account over for you.",
    ].join("\n"),
  });
}

async function mailExistingOwner(
  ctx: Ctx,
  user: typeof users.$inferSelect,
  baseUrl: string,
  ip: string | undefined,
): Promise<void> {
  if (user.disabledAt) return;
  await enforceAuthMailLimits(ctx, user.email, ip);
  const token = await issueLinkToken(ctx, user.id, "sign_in");
  await ctx.mail.send({
    to: user.email,
    subject: "Someone tried to sign up with your email",
    text: [
      `Hello ${user.name},`,
      "",
      "Someone just tried to create a Greenroom account with this address, which already has one. Nothing was changed.",
      "",
      `If it was you, sign in with this link. It works once, for ${LINK_TTL_MINUTES.sign_in} minutes:`,
      `${baseUrl}/signin/link/${token}`,
      "",
      "If it was not you, ignore this mail.",
    ].join("\n"),
  });
}
