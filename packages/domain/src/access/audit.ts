import { auditLog } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Ctx } from "../context";
import { unixSeconds } from "../context";

export type AuditInput = {
  /** A value, or (in `conditionalAuditEntry`) a SQL expression such as the account of a row written in the batch. */
  accountId: string | SQL | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  /** JSON of the state after; in `conditionalAuditEntry` also a SQL expression giving JSON text (`json_object`). */
  after?: unknown;
};

/** An audit row to put in the same batch as the change it records. */
export function auditEntry(ctx: Ctx, entry: AuditInput) {
  return ctx.db.insert(auditLog).values({
    id: createId(),
    accountId: entry.accountId,
    actorId: ctx.actor?.userId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    createdAt: ctx.now(),
  });
}

/**
 * An audit row written only if the statement just before it in the batch changed a row (`changes()`),
 * for conditional writes whose outcome is decided inside SQL.
 */
export function conditionalAuditEntry(ctx: Ctx, entry: AuditInput) {
  return ctx.db.run(sql`
    INSERT INTO audit_log (id, account_id, actor_id, action, target_type, target_id, before, after, created_at)
    SELECT ${createId()}, ${entry.accountId}, ${ctx.actor?.userId ?? null}, ${entry.action}, ${entry.targetType},
           ${entry.targetId}, ${entry.before === undefined ? null : JSON.stringify(entry.before)},
           ${entry.after === undefined ? null : is(entry.after, SQL) ? entry.after : JSON.stringify(entry.after)}, ${unixSeconds(ctx.now())}
    WHERE changes() > 0`);
}

/**
 * An audit row written only if some row of `table` matches `where` when the statement runs. Put it in a drizzle
 * `batch()` just before a conditional update with the same condition, so a refused change leaves no audit row;
 * unlike `conditionalAuditEntry` it is a query builder, so the batch can still return the updated row.
 */
export function auditWhere(ctx: Ctx, entry: AuditInput, table: SQLiteTable, where: SQL | undefined) {
  const value = (v: unknown, column: string) => sql`${v === undefined ? null : JSON.stringify(v)}`.as(column);
  return ctx.db.insert(auditLog).select(
    ctx.db
      .select({
        id: sql`${createId()}`.as("id"),
        accountId: sql`${entry.accountId}`.as("account_id"),
        actorId: sql`${ctx.actor?.userId ?? null}`.as("actor_id"),
        action: sql`${entry.action}`.as("action"),
        targetType: sql`${entry.targetType}`.as("target_type"),
        targetId: sql`${entry.targetId}`.as("target_id"),
        before: value(entry.before, "before"),
        after: value(entry.after, "after"),
        createdAt: sql`${unixSeconds(ctx.now())}`.as("created_at"),
      })
      .from(table)
      .where(where)
      .limit(1),
  );
}
