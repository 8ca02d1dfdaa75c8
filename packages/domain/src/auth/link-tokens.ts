import { loginTokens, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq, sql } from "drizzle-orm";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, invalid } from "../errors";
import { verifyPassword } from "./password";
import { pendingProfileConversion } from "../invitations/pending-profiles";
import { hashSecretToken, newSecretToken } from "../secret-token";
import type { SessionUser } from "./sign-in";

export type LinkPurpose = "sign_in" | "verify_email";

/** How long a mailed link works: sign-in links and sign-up verification links alike are short-lived. */
export const LINK_TTL_MINUTES: Record<LinkPurpose, number> = { sign_in: 15, verify_email: 60 };

/**
 * The confirmation link in the mail that carries a new ticket (a `verify_email` link): three days, since people
 * open a ticket mail when the event comes closer, not within the hour. It still works once only.
 */
export const TICKET_CONFIRM_TTL_MINUTES = 3 * 24 * 60;

/**
 * Stores the SHA-256 of a new single-use token for the user and returns the token, which goes only into a mail.
 * `ttlMinutes` overrides the purpose's default (the ticket mail's confirmation link lives longer: `TICKET_CONFIRM_TTL_MINUTES`).
 */
export async function issueLinkToken(
  ctx: Ctx,
  userId: string,
  purpose: LinkPurpose,
  ttlMinutes: number = LINK_TTL_MINUTES[purpose],
): Promise<string> {
  const token = newSecretToken();
  const now = ctx.now();
  await ctx.db.insert(loginTokens).values({
    id: createId(),
    userId,
    purpose,
    tokenHash: await hashSecretToken(token),
    expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
    createdAt: now,
  });
  return token;
}

export const OTHER_ACCOUNT_LINK =
  "This link belongs to another account than the one you are signed in with. Sign out, then open the link again.";

export const toSessionUser = (user: typeof users.$inferSelect): SessionUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  sessionVersion: user.sessionVersion,
  platformRole: user.platformRole,
  emailVerified: user.emailVerifiedAt !== null,
});

/**
 * Spends a mailed link (single use, unexpired, of the given purpose) and marks the address verified, since only
 * its mailbox could follow it. One batch: the token's conditional UPDATE, then, only if this batch spent it,
 * - on an unverified account, unless the holder is already signed in as that user, a takeover: the password set
 *   before verification is cleared and `session_version` bumped, so whoever registered the address first loses
 *   their way in and every other session ends;
 * - the pending profiles of invitations to the address become grants.
 */
export async function redeemLinkToken(
  ctx: Ctx,
  token: string,
  purpose: LinkPurpose,
  proof: { password?: string } = {},
): Promise<SessionUser> {
  const expired = new DomainError("unauthenticated", "This link has expired or was already used.");
  const now = ctx.now();
  const at = unixSeconds(now);
  const [found] = await ctx.db
    .select({ token: loginTokens, user: users })
    .from(loginTokens)
    .innerJoin(users, eq(users.id, loginTokens.userId))
    .where(eq(loginTokens.tokenHash, await hashSecretToken(token)))
    .limit(1);
  if (!found || found.token.purpose !== purpose || found.token.usedAt || found.token.expiresAt.getTime() <= now.getTime()) {
    throw expired;
  }
  const { user } = found;
  if (user.disabledAt) throw new DomainError("forbidden", "This account has been disabled.");
  // Signed in as someone else: leave the link unused, so it still works after signing out.
  if (ctx.actor && ctx.actor.userId !== user.id) throw new DomainError("conflict", OTHER_ACCOUNT_LINK);
  // Nothing to take over if the one following the link is the one who signed up: signed in as this very user, or
  // knowing the password chosen at sign-up. A wrong password leaves the link unused.
  let keep = ctx.actor?.userId === user.id ? 1 : 0;
  if (!keep && proof.password) {
    if (!user.passwordHash || !(await verifyPassword(proof.password, user.passwordHash))) {
      throw invalid("That is not the password chosen at sign-up", {
        password: ["That is not the password chosen at sign-up. Leave it empty to continue without it."],
      });
    }
    keep = 1;
  }
  const spentHere = sql`EXISTS (SELECT 1 FROM login_tokens WHERE id = ${found.token.id} AND used_at = ${at})`;
  const [spent] = await batchStatements(ctx, [
    sql`UPDATE login_tokens SET used_at = ${at}
        WHERE id = ${found.token.id} AND used_at IS NULL AND expires_at > ${at}`,
    sql`UPDATE users SET email_verified_at = ${at},
          password_hash = CASE WHEN ${keep} = 1 THEN password_hash ELSE NULL END,
          session_version = session_version + 1 - ${keep}
        WHERE id = ${user.id} AND email_verified_at IS NULL AND ${spentHere}`,
    ...pendingProfileConversion(ctx, { id: user.id, email: user.email }, spentHere),
  ]);
  if (!spent?.meta.changes) throw expired;
  const [after] = await ctx.db.select().from(users).where(eq(users.id, user.id)).limit(1);
  if (!after) throw expired;
  return toSessionUser(after);
}
