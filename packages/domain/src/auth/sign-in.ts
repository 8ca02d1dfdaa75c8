import type { z } from "zod";
import { users } from "@greenroom/db/webapp/schema";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { requireActor } from "../context";
import { DomainError, parseInput } from "../errors";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "./password";
import { SessionUserInput, SignInInput } from "./schemas";
import { endLiveAccess } from "../stage/live-access";
import { toSessionUser } from "./link-tokens";
import { releaseSignInAttempt, reserveSignInAttempt } from "./throttle";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
  platformRole: "user" | "admin";
  /** The address has been proven (a mailed link was followed); until then the user may only run their own events. */
  emailVerified: boolean;
};

/**
 * Checks an email and password. Each attempt is reserved in the throttle before any hashing, so concurrent
 * guesses cannot outrun the limit; unknown email and wrong password give the same answer and take the same time.
 * A hash made with fewer iterations than today's is replaced after a successful check.
 */
// verb-exempt: no actor before sign-in; it only counts failed attempts in auth_throttle
export async function verifyCredentials({ ctx, input }: { ctx: Ctx; input: z.input<typeof SignInInput> }): Promise<SessionUser> {
  const { email, password, ip } = parseInput(SignInInput, input);
  if (!(await reserveSignInAttempt(ctx, email, ip))) {
    throw new DomainError("rate_limited", "Too many failed attempts. Wait 15 minutes and try again.");
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  const stored = user?.passwordHash ?? null;
  const ok = await verifyPassword(password, stored ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !stored) throw new DomainError("unauthenticated", "Wrong email or password.");
  if (user.disabledAt) throw new DomainError("forbidden", "This account has been disabled.");
  if (user.deletingAt) throw new DomainError("forbidden", "This account is being deleted.");
  await releaseSignInAttempt(ctx, email, ip);
  if (needsRehash(stored)) {
    // Conditional on the hash we checked, so a password changed meanwhile is never overwritten.
    await ctx.db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, stored)));
  }
  return toSessionUser(user);
}

/** Re-reads the user behind a session token; null ends the session (disabled or signed out everywhere). */
export async function currentSessionUser({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof SessionUserInput>;
}): Promise<SessionUser | null> {
  const { userId, sessionVersion } = parseInput(SessionUserInput, input);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.disabledAt || user.deletingAt || user.sessionVersion !== sessionVersion) return null;
  return toSessionUser(user);
}

/**
 * Ends every session of the signed-in user on the server: session tokens carry the version they were issued
 * with, and each request compares it with this one. Used by "Sign out" and "Sign out everywhere". The user's open
 * live room sockets are closed too; their room tokens carry the old version, so none opens a room again.
 */
// verb-exempt: the actor ends only their own sessions (requireActor); no tenant data changes
export async function endAllSessions({ ctx }: { ctx: Ctx; input?: undefined }): Promise<void> {
  const { userId } = requireActor(ctx);
  await ctx.db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
  await endLiveAccess(ctx, { userId });
}
