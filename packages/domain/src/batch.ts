import { prepareSql } from "@greenroom/db/raw";
import type { SQLWrapper } from "drizzle-orm";
import type { Ctx } from "./context";

/** drizzle's batch() takes a non-empty tuple; this checks and narrows a list built at run time. */
export function nonEmpty<T>(items: T[]): [T, ...T[]] {
  if (items.length === 0) throw new Error("a batch needs at least one statement");
  return items as [T, ...T[]];
}

/**
 * Runs drizzle query builders and raw `sql` together in one atomic D1 batch through the request's own D1 client,
 * because drizzle's batch() cannot carry raw SQL with parameters (such as `conditionalAuditEntry`).
 */
export async function batchStatements(ctx: Ctx, statements: SQLWrapper[]): Promise<D1Result[]> {
  return ctx.db.$client.batch(statements.map((statement) => prepareSql(ctx.db, statement)));
}
