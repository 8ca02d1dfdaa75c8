import { prepareSql } from "@greenroom/db/raw";
import type { SessionsDb } from "@greenroom/db/sessions/client";
import type { SQL } from "drizzle-orm";

/**
 * Raw `sql` statements in one atomic D1 batch (drizzle's batch() cannot carry raw SQL with parameters). Answers each
 * statement's rows and how many rows it changed.
 */
export async function rawBatch(db: SessionsDb, statements: SQL[]): Promise<{ rows: Record<string, unknown>[]; changes: number }[]> {
  if (statements.length === 0) return [];
  const results = await db.$client.batch(statements.map((statement) => prepareSql(db, statement)));
  return results.map((r) => ({ rows: (r.results ?? []) as Record<string, unknown>[], changes: r.meta?.changes ?? 0 }));
}
