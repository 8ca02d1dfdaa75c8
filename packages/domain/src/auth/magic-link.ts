import { loginTokens, users } from "@greenroom/db/webapp/schema";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { z } from "zod";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { enforceAuthMailLimits, LIMITS } from "../limits";
import { issueLinkToken, LINK_TTL_MINUTES, redeemLinkToken } from "./link-tokens";
import { hashSecretToken } from "../secret-token";
import { MagicLinkTokenInput, RequestMagicLinkInput } from "./schemas";
import type { SessionUser } from "./sign-in";

export const MAGIC_LINK_TTL_MINUTES = LINK_TTL_MINUTES.sign_in;
export const MAX_MAGIC_LINKS_PER_WINDOW = LIMITS.authMailsPerAddress.max;

/**
 * Mails a single-use sign-in link to the email if it belongs to an active user. The caller answers the same
 * either way, so the form does not reveal who has an account; only the rate limits (per address and per IP,
 * `limits.ts`) are reported.
 */
// verb-exempt: no actor before sign-in; it stores a hashed single-use token and counts requests per email
export async function requestMagicLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof RequestMagicLinkInput> }): Promise<void> {
  const { email, baseUrl, ip } = parseInput(RequestMagicLinkInput, input);
  await enforceAuthMailLimits(ctx, email, ip);
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user || user.disabledAt) return;
  const token = await issueLinkToken(ctx, user.id, "sign_in");
  await ctx.mail.send({
    to: email,
    subject: "Your Greenroom sign-in link",
    text: [
      `Hello ${user.name},`,
      "",
      `Sign in to Greenroom with this link. It works once, for ${MAGIC_LINK_TTL_MINUTES} minutes:`,
      `${baseUrl}/signin/link/${token}`,
      "",
      "If you did not ask for it, ignore this mail.",
    ].join("\n"),
  });
}

/**
 * Uses a sign-in link. Following it proves the mailbox, so the address becomes verified; on an account that was
 * not verified yet this takes it over (see `redeemLinkToken`).
 */
// verb-exempt: no actor before sign-in; the single-use token is the credential
export async function consumeMagicLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof MagicLinkTokenInput> }): Promise<SessionUser> {
  const { token } = parseInput(MagicLinkTokenInput, input);
  return redeemLinkToken(ctx, token, "sign_in");
}

/**
 * What a sign-in link would do, without using it: the address it signs in as, or null when it has expired, was
 * used, or is not a sign-in link. The landing page names the address, and asks before switching accounts.
 */
export async function previewMagicLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof MagicLinkTokenInput> }): Promise<{ email: string } | null> {
  const { token } = parseInput(MagicLinkTokenInput, input);
  const [row] = await ctx.db
    .select({ email: users.email })
    .from(loginTokens)
    .innerJoin(users, eq(users.id, loginTokens.userId))
    .where(
      and(
        eq(loginTokens.tokenHash, await hashSecretToken(token)),
        eq(loginTokens.purpose, "sign_in"),
        isNull(loginTokens.usedAt),
        gt(loginTokens.expiresAt, ctx.now()),
        isNull(users.disabledAt),
      ),
    )
    .limit(1);
  return row ?? null;
}
