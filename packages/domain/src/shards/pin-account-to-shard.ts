import type { z } from "zod";
import { sql } from "drizzle-orm";
import { conditionalAuditEntry, readBatch } from "../access";
import { requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { conflict, invalid, parseInput } from "../errors";
import { PinAccountToShardInput } from "./schemas";
import { platformAdminExists } from "./shared";

/**
 * Pins an account to a shard before its first use: one conditional INSERT into the account-to-shard map, which does
 * nothing when the account already has a shard (accounts never move) or the shard is closed. Pinning to a dedicated
 * shard is how a large account gets a shard of its own; first use then finds the pin and keeps it.
 */
export async function pinAccountToShard({ ctx, input }: { ctx: Ctx; input: z.input<typeof PinAccountToShardInput> }): Promise<{
  accountId: string;
  shardId: string;
}> {
  const admin = await requirePlatformAdmin(ctx);
  const { accountId, shardId } = parseInput(PinAccountToShardInput, input);
  const [pinned] = await batchStatements(ctx, [
    sql`INSERT INTO account_shards (account_id, shard_id, pinned, assigned_at)
        SELECT a.id, s.id, 1, ${unixSeconds(ctx.now())}
        FROM accounts a JOIN shards s ON s.id = ${shardId}
        WHERE a.id = ${accountId} AND s.mode <> 'closed' AND ${platformAdminExists(admin.userId)}
        ON CONFLICT(account_id) DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId,
      action: "account.pinned_to_shard",
      targetType: "account",
      targetId: accountId,
      after: { shardId },
    }),
  ]);
  if (pinned?.meta.changes) return { accountId, shardId };

  // Nothing was written: say why, from what is there now.
  const [accounts, shardRows, current] = await readBatch(ctx, [
    sql`SELECT id FROM accounts WHERE id = ${accountId}`,
    sql`SELECT mode FROM shards WHERE id = ${shardId}`,
    sql`SELECT shard_id, pinned FROM account_shards WHERE account_id = ${accountId}`,
  ]);
  await requirePlatformAdmin(ctx);
  if (!accounts?.length) throw invalid("No such account", { accountId: ["No account has this id"] });
  const mode = (shardRows?.[0] as { mode?: string } | undefined)?.mode;
  if (!mode) throw invalid("No such shard", { shardId: [`Shard ${shardId} is not registered`] });
  const existing = current?.[0] as { shard_id: string; pinned: number } | undefined;
  if (existing) {
    throw conflict(
      existing.pinned
        ? `This account is already pinned to shard ${existing.shard_id}. Accounts never move.`
        : `This account has used shard ${existing.shard_id} since its first use, so it cannot be pinned. Accounts never move.`,
    );
  }
  throw invalid("That shard is closed", { shardId: [`Shard ${shardId} is closed to new accounts`] });
}
