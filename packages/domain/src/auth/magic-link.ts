import { loginTokens, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, parseInput } from "../errors";
import { hashSecretToken, newSecretToken } from "../secret-token";
import { MagicLinkTokenInput, RequestMagicLinkInput } from "./schemas";
import type { SessionUser } from "./sign-in";

export const MAGIC_LINK_TTL_MINUTES = 15;
export const MAX_MAGIC_LINKS_PER_WINDOW = 5;
const WINDOW_SECONDS = 15 * 60;

/** Counts one link request for the email and says whether it is within the limit, in one conditional upsert. */
async function takeMagicLinkSlot(ctx: Ctx, email: string): Promise<boolean> {
  const now = unixSeconds(ctx.now());
  const expired = now - WINDOW_SECONDS;
  const result = await ctx.db.run(sql`
    INSERT INTO auth_throttle (key, window_started_at, failures) VALUES (${`magic:${email}`}, ${now}, 1)
    ON CONFLICT(key) DO UPDATE SET
      failures = CASE WHEN window_started_at <= ${expired} THEN 1 ELSE failures + 1 END,
      window_started_at = CASE WHEN window_started_at <= ${expired} THEN ${now} ELSE window_started_at END
    WHERE window_started_at <= ${expired} OR failures < ${MAX_MAGIC_LINKS_PER_WINDOW}`);
  return result.meta.changes > 0;
}

/**
 * Mails a single-use sign-in link to the email if it belongs to an active user. The caller answers the same
 * either way, so the form does not reveal who has an account; only the rate limit is reported.
 */
// verb-exempt: no actor before sign-in; it stores a hashed single-use token and counts requests per email
export async function requestMagicLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof RequestMagicLinkInput> }): Promise<void> {
  const { email, baseUrl } = parseInput(RequestMagicLinkInput, input);
  if (!(await takeMagicLinkSlot(ctx, email))) {
    throw new DomainError("rate_limited", "Too many sign-in links for this email. Wait 15 minutes and try again.");
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user || user.disabledAt) return;
  const token = newSecretToken();
  const now = ctx.now();
  await ctx.db.insert(loginTokens).values({
    id: createId(),
    userId: user.id,
    tokenHash: await hashSecretToken(token),
    expiresAt: new Date(now.getTime() + MAGIC_LINK_TTL_MINUTES * 60_000),
    createdAt: now,
  });
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

/** Uses a sign-in link: one conditional UPDATE marks it used only if it is unused and unexpired. */
// verb-exempt: no actor before sign-in; the single-use token is the credential
export async function consumeMagicLink({ ctx, input }: { ctx: Ctx; input: z.input<typeof MagicLinkTokenInput> }): Promise<SessionUser> {
  const { token } = parseInput(MagicLinkTokenInput, input);
  const now = ctx.now();
  const [used] = await ctx.db
    .update(loginTokens)
    .set({ usedAt: now })
    .where(
      sql`${loginTokens.tokenHash} = ${await hashSecretToken(token)} AND ${loginTokens.usedAt} IS NULL
          AND ${loginTokens.expiresAt} > ${unixSeconds(now)}`,
    )
    .returning({ userId: loginTokens.userId });
  const expired = new DomainError("unauthenticated", "This sign-in link has expired or was already used.");
  if (!used) throw expired;
  // Following the link proves the mailbox is theirs.
  const [user] = await ctx.db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${unixSeconds(now)})` })
    .where(eq(users.id, used.userId))
    .returning();
  if (!user) throw expired;
  if (user.disabledAt) throw new DomainError("forbidden", "This account has been disabled.");
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, platformRole: user.platformRole };
}
