import { users } from "@greenroom/db/webapp/schema";
import { and, eq, isNotNull } from "drizzle-orm";
import { verifyFirst } from "../access/authorize";
import { type Ctx, requireActor } from "../context";

/** For actions outside any account the actor owns: refused until the actor's address is verified. */
export async function requireVerifiedEmail(ctx: Ctx): Promise<void> {
  const { userId } = requireActor(ctx);
  const [row] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.emailVerifiedAt)))
    .limit(1);
  if (!row) throw verifyFirst();
}
