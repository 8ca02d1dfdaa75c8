import type { z } from "zod";
import { accountOwnership, accounts, users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq } from "drizzle-orm";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { invalid, parseInput } from "../errors";
import { pendingProfileConversion } from "../invitations/pending-profiles";
import { hashPassword } from "./password";
import { SignUpInput } from "./schemas";

export type SignedUpUser = { id: string; email: string; name: string; accountId: string };

/**
 * Creates the user, their personal account and its ownership in one atomic batch, which also turns the
 * pending profiles of invitations to this email into grants.
 */
// verb-exempt: sign-up has no actor yet; it creates the user and their own personal account
export async function signUp({ ctx, input }: { ctx: Ctx; input: z.input<typeof SignUpInput> }): Promise<SignedUpUser> {
  const { name, email, password } = parseInput(SignUpInput, input);
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing) throw emailTaken();

  const now = ctx.now();
  const userId = createId();
  const accountId = createId();
  const passwordHash = await hashPassword(password);
  try {
    await batchStatements(ctx, [
      ctx.db.insert(users).values({ id: userId, email, name, passwordHash, createdAt: now }),
      ctx.db.insert(accounts).values({ id: accountId, name: `${name}'s events`, kind: "personal", createdAt: now }),
      ctx.db.insert(accountOwnership).values({ accountId, userId, createdAt: now }),
      ...pendingProfileConversion(ctx, { id: userId, email }),
    ]);
  } catch (error) {
    // Two sign-ups for one email at once: the unique index lets exactly one batch through.
    if (String((error as { cause?: unknown })?.cause ?? error).includes("UNIQUE")) throw emailTaken();
    throw error;
  }
  return { id: userId, email, name, accountId };
}

const emailTaken = () =>
  invalid("An account with this email already exists", {
    email: ["An account with this email already exists. Sign in instead."],
  });
