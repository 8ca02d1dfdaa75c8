import { users } from "@greenroom/db/webapp/schema";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { z } from "zod";
import { type Ctx, requireActor } from "../context";
import { conflict, invalid, parseInput, unauthenticated } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { SetPasswordInput } from "./schemas";

/**
 * Sets the signed-in user's password: after registering for a ticket (or following mailed links) an account has
 * none, and may add one later. Only for a verified address; an account that has a password must give it. The
 * UPDATE is conditional on the stored hash being the one checked, so two changes at once cannot both win.
 */
// verb-exempt: the actor changes their own sign-in password only; no tenant data, so no audit row in an account
export async function setPassword({ ctx, input }: { ctx: Ctx; input: z.input<typeof SetPasswordInput> }): Promise<{ email: string }> {
  const { password, currentPassword } = parseInput(SetPasswordInput, input);
  const actor = requireActor(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user || user.disabledAt) throw unauthenticated();
  if (!user.emailVerifiedAt) throw conflict("Confirm your email address first: follow the link we mailed you.");
  if (user.passwordHash && !(currentPassword && (await verifyPassword(currentPassword, user.passwordHash)))) {
    throw invalid("That is not your current password", { currentPassword: ["That is not your current password."] });
  }
  const unchanged = user.passwordHash ? eq(users.passwordHash, user.passwordHash) : isNull(users.passwordHash);
  const updated = await ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(password) })
    .where(and(eq(users.id, user.id), isNotNull(users.emailVerifiedAt), unchanged))
    .returning({ id: users.id });
  if (updated.length === 0) throw conflict("Your password was changed at the same time. Try again.");
  return { email: user.email };
}
