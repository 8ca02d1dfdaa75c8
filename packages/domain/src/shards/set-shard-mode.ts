import type { z } from "zod";
import { shards } from "@greenroom/db/webapp/schema";
import { eq, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { conflict, invalid, parseInput } from "../errors";
import { SetShardModeInput } from "./schemas";
import { platformAdminExists } from "./shared";

/**
 * Sets a shard's mode: `shared` (takes new accounts, least-loaded first), `dedicated` (only accounts pinned to it),
 * `closed` (no new accounts). Accounts already on the shard stay. The UPDATE refuses to leave no shared shard, since
 * new accounts would then have nowhere to go.
 */
export async function setShardMode({ ctx, input }: { ctx: Ctx; input: z.input<typeof SetShardModeInput> }): Promise<void> {
  const admin = await requirePlatformAdmin(ctx);
  const { shardId, mode } = parseInput(SetShardModeInput, input);
  const [updated] = await batchStatements(ctx, [
    sql`UPDATE shards SET mode = ${mode}
        WHERE id = ${shardId} AND mode <> ${mode}
          AND (${mode} = 'shared' OR EXISTS (SELECT 1 FROM shards other WHERE other.mode = 'shared' AND other.id <> ${shardId}))
          AND ${platformAdminExists(admin.userId)}`,
    conditionalAuditEntry(ctx, {
      accountId: null,
      action: "shard.mode_changed",
      targetType: "shard",
      targetId: shardId,
      after: { mode },
    }),
  ]);
  if (updated?.meta.changes) return;
  const [row] = await ctx.db.select({ mode: shards.mode }).from(shards).where(eq(shards.id, shardId)).limit(1);
  if (!row) throw invalid("No such shard", { shardId: [`Shard ${shardId} is not registered`] });
  await requirePlatformAdmin(ctx);
  if (row.mode === mode) throw conflict(`Shard ${shardId} is already ${mode}`);
  throw conflict(`Shard ${shardId} is the last shared shard: new accounts need one. Register or share another shard first.`);
}
