import { prepareSql } from "@greenroom/db/raw";
import { type SQL, type SQLWrapper, getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type Ctx, requireActor } from "../context";
import type { PermissionKey } from "./permissions";
import {
  type Authorized,
  authorizationStatements,
  decide,
  type OwnerRow,
  type PermissionRow,
  type Resource,
  type TargetRow,
} from "./authorize";

/** A raw read for one D1 batch, prepared on the request's handle (the binding, or its Sessions API session). */
export function prepareRead(ctx: Ctx, query: SQL): D1PreparedStatement {
  return prepareSql(ctx.db, query);
}

/** Runs raw reads in one batch: one D1 round trip, whatever their number. */
export async function readBatch(ctx: Ctx, queries: readonly SQL[]): Promise<unknown[][]> {
  const results = await ctx.db.$client.batch(queries.map((q) => prepareRead(ctx, q)));
  return results.map((r) => r.results);
}

/**
 * A page's data in one round trip: the authorization's three statements and every read of the page in a single
 * D1 batch. The rows are returned only once the actor is allowed (otherwise not_found or forbidden, as for
 * `authorize`), so the reads must not write. Rows come back in the order of `queries`.
 */
export async function authorizeAndReadAll<Rows extends unknown[][]>(
  ctx: Ctx,
  permission: PermissionKey,
  resource: Resource,
  queries: { [K in keyof Rows]: SQL },
): Promise<[Authorized, Rows]> {
  const actor = requireActor(ctx);
  const [targets, owners, permissionRows, ...reads] = await readBatch(ctx, [
    ...authorizationStatements(actor, resource),
    ...(queries as SQL[]),
  ]);
  const authorized = decide(resource, permission, [
    (targets ?? []) as TargetRow[],
    (owners ?? []) as OwnerRow[],
    (permissionRows ?? []) as PermissionRow[],
  ], actor);
  return [authorized, reads as Rows];
}

/**
 * Authorization, reads and writes in one batch: one round trip for a verb that writes. The writes run whatever the
 * authorization decides, so each of them must carry the same decision in SQL (`actorPermissionCtes`, `actorMay`)
 * or depend on a row only such a guarded write creates; the verb then calls `decide` here, with the same
 * not_found/forbidden answers as `authorize`, and may check the reads further. Rows and results come back in order.
 */
export async function authorizeReadAndWrite<Rows extends unknown[][]>(
  ctx: Ctx,
  permission: PermissionKey,
  resource: Resource,
  reads: { [K in keyof Rows]: SQL },
  writes: SQLWrapper[],
): Promise<[Authorized, Rows, D1Result[]]> {
  const actor = requireActor(ctx);
  const statements = [...authorizationStatements(actor, resource), ...(reads as SQL[]), ...writes.map((w) => w.getSQL())];
  const results = await ctx.db.$client.batch(statements.map((q) => prepareRead(ctx, q)));
  const [targets, owners, permissionRows] = results.map((r) => r.results);
  const authorized = decide(resource, permission, [
    (targets ?? []) as TargetRow[],
    (owners ?? []) as OwnerRow[],
    (permissionRows ?? []) as PermissionRow[],
  ], actor);
  const readRows = results.slice(3, 3 + (reads as SQL[]).length).map((r) => r.results);
  return [authorized, readRows as Rows, results.slice(3 + (reads as SQL[]).length)];
}

/**
 * Maps a raw D1 row (snake_case column names, driver values) of `table` to the row Drizzle would return, so a raw
 * `SELECT t.*` in a batch reads the same as a query built with Drizzle.
 */
export function tableRow<T extends SQLiteTable>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T["$inferSelect"];
}
