import type { z } from "zod";
import { sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { invalid, parseInput } from "../errors";
import { RegisterShardInput } from "./schemas";
import { platformAdminExists } from "./shared";

/**
 * Adds a shard the workers app is configured with (it answers `shardIds()`) to the registry. Nothing moves: existing
 * accounts keep their shard, and a shared shard only joins the least-loaded choice for accounts not yet assigned.
 */
export async function registerShard({ ctx, input }: { ctx: Ctx; input: z.input<typeof RegisterShardInput> }): Promise<{ shardId: string }> {
  const admin = await requirePlatformAdmin(ctx);
  const { shardId, mode, note } = parseInput(RegisterShardInput, input);
  const configured = await ctx.stage.shardIds();
  if (!configured.includes(shardId)) {
    throw invalid("The workers app has no binding for that shard", {
      shardId: [`The workers app is configured with ${configured.join(", ") || "no shards"}; add SESSIONS_DB_${shardId} there first`],
    });
  }
  const [inserted] = await batchStatements(ctx, [
    sql`INSERT INTO shards (id, mode, note, created_at)
        SELECT ${shardId}, ${mode}, ${note}, ${unixSeconds(ctx.now())}
        WHERE ${platformAdminExists(admin.userId)}
        ON CONFLICT(id) DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId: null,
      action: "shard.registered",
      targetType: "shard",
      targetId: shardId,
      after: { mode, note },
    }),
  ]);
  if (!inserted?.meta.changes) {
    await requirePlatformAdmin(ctx);
    throw invalid("That shard is already registered", { shardId: [`Shard ${shardId} is already registered`] });
  }
  return { shardId };
}
