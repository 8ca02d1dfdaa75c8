import type { SessionsDb } from "@greenroom/db/sessions/client";
import { sql } from "drizzle-orm";
import {
  SESSIONS_TABLES,
  type SessionLogLine,
  type SessionLogPage,
  SessionLogsInput,
  type SessionsTable,
  type ShardStats,
  type StageResult,
} from "./contract";
import { invalidResult } from "./results";

/** Rows per sessions table on one shard, in one statement (one round trip per shard). */
export async function shardRowCounts(db: SessionsDb): Promise<Record<SessionsTable, number>> {
  const counts = sql.join(
    SESSIONS_TABLES.map((table) => sql`(SELECT COUNT(*) FROM ${sql.identifier(table)}) AS ${sql.identifier(table)}`),
    sql`, `,
  );
  const [row] = await db.all<Record<SessionsTable, number>>(sql`SELECT ${counts}`);
  return Object.fromEntries(SESSIONS_TABLES.map((t) => [t, Number(row?.[t] ?? 0)])) as Record<SessionsTable, number>;
}

/** Every configured shard's row counts, the shards queried in parallel. */
export async function shardStats(shards: ReadonlyMap<string, SessionsDb>): Promise<StageResult<ShardStats[]>> {
  const stats = await Promise.all([...shards].map(async ([shard, db]) => ({ shard, rows: await shardRowCounts(db) })));
  return { ok: true, value: stats };
}

type LogRow = {
  id: string;
  account_id: string;
  session_id: string | null;
  operation_id: string | null;
  level: SessionLogLine["level"];
  source: SessionLogLine["source"];
  message: string;
  data: string;
  created_at: number;
};

/**
 * A page of one shard's session log, newest first, by keyset on (created_at, id): the filters narrow it, `before`
 * continues after the last line of the previous page. One statement; it reads one row more to know if a next page
 * exists.
 */
export async function sessionLogs(db: SessionsDb, raw: unknown): Promise<StageResult<SessionLogPage>> {
  const parsed = SessionLogsInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const { accountId, sessionId, level, before, limit } = parsed.data;
  const where = [
    accountId ? sql`account_id = ${accountId}` : null,
    sessionId ? sql`session_id = ${sessionId}` : null,
    level ? sql`level = ${level}` : null,
    before ? sql`(created_at < ${before.atMs} OR (created_at = ${before.atMs} AND id < ${before.id}))` : null,
  ].filter((part) => part !== null);
  const rows = await db.all<LogRow>(sql`
    SELECT id, account_id, session_id, operation_id, level, source, message, data, created_at FROM session_logs
    WHERE ${where.length ? sql.join(where, sql` AND `) : sql`1 = 1`}
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit + 1}`);
  const lines = rows.slice(0, limit).map(
    (r): SessionLogLine => ({
      id: r.id,
      accountId: r.account_id,
      sessionId: r.session_id,
      operationId: r.operation_id,
      level: r.level,
      source: r.source,
      message: r.message,
      data: r.data,
      atMs: Number(r.created_at),
    }),
  );
  const last = lines.at(-1);
  return { ok: true, value: { lines, next: rows.length > limit && last ? { atMs: last.atMs, id: last.id } : null } };
}
