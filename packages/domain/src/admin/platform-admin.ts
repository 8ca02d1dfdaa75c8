import type { EventStatus } from "@greenroom/db/webapp/values";
import type { z } from "zod";
import { users } from "@greenroom/db/webapp/schema";
import { type SQL, eq, sql } from "drizzle-orm";
import { readBatch } from "../access";
import { type Actor, type Ctx, requireActor } from "../context";
import { notFound, parseInput } from "../errors";

export const PAGE = 50;

export const LIST_LIMIT = 100;

/**
 * The actor, if they are an enabled platform admin (`users.platform_role`, which no organizer can grant).
 * Re-reads their row on every call; anyone else gets not_found, so the admin area does not reveal itself.
 */
export async function requirePlatformAdmin(ctx: Ctx): Promise<Actor> {
  const actor = requireActor(ctx);
  const [row] = await ctx.db
    .select({ platformRole: users.platformRole, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, actor.userId))
    .limit(1);
  if (!row || row.disabledAt || row.platformRole !== "admin") throw notFound();
  return actor;
}

export const likeAny = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type AdminUser = {
  id: string;
  email: string;
  name: string;
  platformRole: "user" | "admin";
  disabledAt: Date | null;
  createdAt: Date;
  accountCount: number;
};

export type AdminAccount = {
  id: string;
  name: string;
  kind: "personal" | "organization";
  createdAt: Date;
  ownerEmails: string[];
  eventCount: number;
};

export type AdminEvent = {
  id: string;
  name: string;
  slug: string;
  status: Exclude<EventStatus, "deleting">;
  startsAt: Date;
  timeZone: string;
  accountId: string;
  accountName: string;
  roomCount: number;
};

export type AdminStats = { users: number; disabledUsers: number; accounts: number; events: number; activeEvents: number };

export const date = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

/**
 * The admin verb's input, parsed; bad input is `invalid` only for a platform admin (it costs the role check's read),
 * so the admin area does not reveal itself to anyone else.
 */
export async function parseAdminInput<S extends z.ZodType>(ctx: Ctx, schema: S, input: unknown): Promise<z.output<S>> {
  if (schema.safeParse(input).success) return parseInput(schema, input);
  await requirePlatformAdmin(ctx);
  return parseInput(schema, input);
}

/**
 * A read for the admin area in one round trip: the platform-admin check (as `requirePlatformAdmin`) and the read in
 * one D1 batch. The rows are returned only once the check has passed; anyone else gets not_found. Reads only: a
 * write must go through `requirePlatformAdmin` first.
 */
export async function adminRead<Row>(ctx: Ctx, query: SQL): Promise<Row[]> {
  const actor = requireActor(ctx);
  const [admins, rows] = await readBatch(ctx, [
    sql`SELECT 1 AS admin FROM users
        WHERE id = ${actor.userId} AND platform_role = 'admin' AND disabled_at IS NULL`,
    query,
  ]);
  if (!admins?.length) throw notFound();
  return (rows ?? []) as Row[];
}

/** `adminRead` for a page of several reads: the platform-admin check and every read in one D1 batch. */
export async function adminReadAll(ctx: Ctx, queries: readonly SQL[]): Promise<unknown[][]> {
  const actor = requireActor(ctx);
  const [admins, ...rows] = await readBatch(ctx, [
    sql`SELECT 1 AS admin FROM users
        WHERE id = ${actor.userId} AND platform_role = 'admin' AND disabled_at IS NULL`,
    ...queries,
  ]);
  if (!admins?.length) throw notFound();
  return rows;
}
