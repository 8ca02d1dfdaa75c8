import type { z } from "zod";
import type { LogCursor, SessionLogLine } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { adminReadAll, parseAdminInput } from "../admin/platform-admin";
import type { Ctx } from "../context";
import { invalid } from "../errors";
import { unwrap } from "../stage/unwrap";
import { AdminSessionLogsInput } from "./schemas";

export const LOG_PAGE = 50;

export type AdminSessionLogs = {
  /** The registered shards, for the filter; `shard` is the one shown (the first, unless the filter names one). */
  shards: string[];
  shard: string | null;
  lines: SessionLogLine[];
  /** The `before` value of the next page (`<ms>.<id>`), or null on the last page. */
  next: string | null;
};

/** One registered shard's session log for platform admins, newest first, filtered by account and level. */
export async function adminSessionLogs({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminSessionLogsInput> }): Promise<AdminSessionLogs> {
  const filter = await parseAdminInput(ctx, AdminSessionLogsInput, input ?? {});
  const [rows] = await adminReadAll(ctx, [sql`SELECT id FROM shards ORDER BY id`]);
  const shards = (rows as { id: string }[]).map((r) => r.id);
  if (filter.shard && !shards.includes(filter.shard)) {
    throw invalid("No such shard", { shard: [`Shard ${filter.shard} is not registered`] });
  }
  const shard = filter.shard ?? shards[0];
  if (!shard) return { shards, shard: null, lines: [], next: null };
  const page = unwrap(
    await ctx.stage.sessionLogs({
      shard,
      accountId: filter.accountId,
      level: filter.level,
      before: filter.before,
      limit: LOG_PAGE,
    }),
  );
  return { shards, shard, lines: page.lines, next: page.next ? cursorParam(page.next) : null };
}

const cursorParam = (cursor: LogCursor) => `${cursor.atMs}.${cursor.id}`;
