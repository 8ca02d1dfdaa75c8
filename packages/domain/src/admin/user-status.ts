import type { z } from "zod";
import { users } from "@greenroom/db/webapp/schema";
import { eq, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { endLiveAccess } from "../stage/live-access";
import { AdminUserIdInput } from "./schemas";
import { requirePlatformAdmin } from "./platform-admin";

/**
 * Disables or re-enables a user. Both bump `session_version`, so every session of theirs ends at once; disabling also
 * closes their open live room sockets (their room tokens carry the old version, so none opens a room again). The acting
 * admin's standing is checked inside the UPDATE too, so two admins cannot disable each other at the same moment.
 */
async function setDisabled(ctx: Ctx, input: z.input<typeof AdminUserIdInput>, disable: boolean): Promise<void> {
  const admin = await requirePlatformAdmin(ctx);
  const { userId } = parseInput(AdminUserIdInput, input);
  if (disable && userId === admin.userId) {
    throw invalid("You cannot disable yourself", { userId: ["Ask another platform admin to do that"] });
  }
  const now = ctx.now();
  const [updated] = await batchStatements(ctx, [
    sql`UPDATE users
        SET disabled_at = ${disable ? unixSeconds(now) : null}, session_version = session_version + 1
        WHERE id = ${userId} AND id <> ${admin.userId}
          AND disabled_at IS ${disable ? sql`NULL` : sql`NOT NULL`}
          AND EXISTS (SELECT 1 FROM users me
                      WHERE me.id = ${admin.userId} AND me.platform_role = 'admin' AND me.disabled_at IS NULL)`,
    conditionalAuditEntry(ctx, {
      accountId: null,
      action: disable ? "user.disabled" : "user.enabled",
      targetType: "user",
      targetId: userId,
      before: { disabled: !disable },
      after: disable ? { disabled: true, disabledAt: now.toISOString() } : { disabled: false },
    }),
  ]);
  if (updated?.meta.changes) {
    if (disable) await endLiveAccess(ctx, { userId });
    return;
  }
  const [user] = await ctx.db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw notFound("User not found");
  await requirePlatformAdmin(ctx);
  throw conflict(disable ? "This user is already disabled" : "This user is not disabled");
}

export async function disableUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminUserIdInput> }): Promise<void> {
  return setDisabled(ctx, input, true);
}

export async function enableUser({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminUserIdInput> }): Promise<void> {
  return setDisabled(ctx, input, false);
}
