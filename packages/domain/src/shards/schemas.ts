import { LOG_LEVELS } from "@greenroom/db/sessions/values";
import { SHARD_MODES, type ShardMode } from "@greenroom/db/webapp/values";
import { z } from "zod";
import { Search } from "../admin/schemas";
import { Id } from "../ids";

export { SHARD_MODES, type ShardMode };

/** A shard id as admins type it: the four digits of its binding `SESSIONS_DB_<id>`. */
export const ShardId = z.string().trim().regex(/^\d{4}$/, "Enter a four-digit shard id, such as 0002");

const Mode = z.enum(SHARD_MODES, { error: "Choose shared, dedicated or closed" });

export const RegisterShardInput = z.object({
  shardId: ShardId,
  mode: Mode.default("shared"),
  note: z.string().trim().max(200, "Use at most 200 characters").default(""),
});
export type RegisterShardInput = z.infer<typeof RegisterShardInput>;

export const SetShardModeInput = z.object({ shardId: ShardId, mode: Mode });
export type SetShardModeInput = z.infer<typeof SetShardModeInput>;

export const PinAccountToShardInput = z.object({ accountId: Id, shardId: ShardId });
export type PinAccountToShardInput = z.infer<typeof PinAccountToShardInput>;

export const AdminShardsPageInput = z.object({ q: Search });
export type AdminShardsPageInput = z.infer<typeof AdminShardsPageInput>;

const empty = (value: unknown) => (value === "" || value === null ? undefined : value);

/** A log page cursor as a URL carries it: `<created_at ms>.<id>`. */
export const LogCursorParam = z
  .string()
  .regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/, "Not a log position")
  .transform((value) => {
    const dot = value.indexOf(".");
    return { atMs: Number(value.slice(0, dot)), id: value.slice(dot + 1) };
  });

export const AdminSessionLogsInput = z.object({
  shard: z.preprocess(empty, ShardId.optional()),
  accountId: z.preprocess(empty, Id.optional()),
  level: z.preprocess(empty, z.enum(LOG_LEVELS, { error: "Choose a level" }).optional()),
  before: z.preprocess(empty, LogCursorParam.optional()),
});
export type AdminSessionLogsInput = z.infer<typeof AdminSessionLogsInput>;
