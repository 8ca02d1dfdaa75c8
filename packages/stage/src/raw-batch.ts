import type { SessionsDb } from "@greenroom/db/sessions/client";
import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

const dialect = new SQLiteAsyncDialect();

/**
 * Raw `sql` statements in one atomic D1 batch (drizzle's batch() cannot carry raw SQL with parameters). Answers each
 * statement's rows and how many rows it changed.
 */
export async function rawBatch(db: SessionsDb, statements: SQL[]): Promise<{ rows: Record<string, unknown>[]; changes: number }[]> {
  if (statements.length === 0) return [];
  const client = db.$client;
  const results = await client.batch(
    statements.map((statement) => {
      const query = dialect.sqlToQuery(statement);
      return client.prepare(query.sql).bind(...query.params);
    }),
  );
  return results.map((r) => ({ rows: (r.results ?? []) as Record<string, unknown>[], changes: r.meta?.changes ?? 0 }));
}
