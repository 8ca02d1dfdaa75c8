import type { SQLWrapper } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

// drizzle's batch() cannot carry raw `sql` with parameters, so raw statements are compiled here and prepared on the
// D1 client of the same per-request handle (the binding, or its Sessions API session). The one dialect for both
// databases (webapp and sessions shards).
const dialect = new SQLiteAsyncDialect();

/** A drizzle `sql` (or query builder) compiled to its SQL text and parameters. */
export function compileSql(statement: SQLWrapper): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(statement.getSQL());
}

/** A drizzle `sql` (or query builder) prepared on the handle's D1 client, ready for `batch()` or a single run. */
export function prepareSql(db: { $client: D1Database }, statement: SQLWrapper): D1PreparedStatement {
  const query = compileSql(statement);
  return db.$client.prepare(query.sql).bind(...query.params);
}
