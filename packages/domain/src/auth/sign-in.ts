import type { z } from "zod";
import { users } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError, parseInput } from "../errors";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password";
import { SessionUserInput, SignInInput } from "./schemas";
import { clearFailures, isThrottled, recordFailure } from "./throttle";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
  platformRole: "user" | "admin";
};

/**
 * Checks an email and password. Unknown email and wrong password give the same answer and take
 * the same time; repeated failures for one email or one IP are refused before any hashing.
 */
// verb-exempt: no actor before sign-in; it only counts failed attempts in auth_throttle
export async function verifyCredentials({ ctx, input }: { ctx: Ctx; input: z.input<typeof SignInInput> }): Promise<SessionUser> {
  const { email, password, ip } = parseInput(SignInInput, input);
  if (await isThrottled(ctx, email, ip)) {
    throw new DomainError("rate_limited", "Too many failed attempts. Wait 15 minutes and try again.");
  }
  const [user] = await ctx.db.select().from(users).where(eq(users.email, email)).limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !user.passwordHash) {
    await recordFailure(ctx, email, ip);
    throw new DomainError("unauthenticated", "Wrong email or password.");
  }
  if (user.disabledAt) throw new DomainError("forbidden", "This account has been disabled.");
  await clearFailures(ctx, email);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, platformRole: user.platformRole };
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
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion, platformRole: user.platformRole };
}
