import { prepareSql } from "@greenroom/db/raw";
import type { EventStatus } from "@greenroom/db/webapp/values";
import { type SQL, sql } from "drizzle-orm";
import { type Actor, type Ctx, requireActor } from "../context";
import { forbidden, notFound } from "../errors";
import { PERMISSION_KEYS, type PermissionKey } from "./permissions";

export type Resource =
  | { kind: "account"; accountId: string }
  | { kind: "event"; eventId: string }
  | { kind: "room"; roomId: string };

export type Authorized = {
  accountId: string;
  eventId: string | null;
  roomId: string | null;
  isOwner: boolean;
  permissions: ReadonlySet<PermissionKey>;
  /** The status of the event the resource belongs to (null for an account), read in the same statement. */
  eventStatus: EventStatus | null;
};

export type { EventStatus };

function targetCte(resource: Resource, actor: Actor): SQL {
  return narrowedToKey(resourceTarget(resource), actor);
}

/**
 * A key sees only its account and, when limited, its events: the target row of anything else is absent, so every
 * verb answers not_found for it, and every guarded write in SQL (`actorPermissionCtes`) finds no target.
 */
function narrowedToKey(target: SQL, actor: Actor): SQL {
  const key = actor.key;
  if (!key) return target;
  const events = key.eventIds === null ? sql`1 = 1` : sql`k.event_id IN (SELECT value FROM json_each(${JSON.stringify(key.eventIds)}))`;
  return sql`SELECT k.account_id, k.event_id, k.room_id FROM (${target}) k
             WHERE k.account_id = ${key.accountId} AND ${events} AND ${keyStillValid(actor)}`;
}

/**
 * True in SQL while the actor's key (when it has one) still stands for its secret: not revoked or expired, the secret
 * current or in its rolled-over grace, the user active and verified. Every key-narrowed statement carries it.
 */
export function keyStillValid(actor: Actor): SQL {
  const key = actor.key;
  if (!key) return sql`1 = 1`;
  if (key.kind === "oauth") {
    // An OAuth grant: not revoked or expired, its user active and verified (the token was checked by the provider).
    return sql`EXISTS (
      SELECT 1 FROM oauth_grants og JOIN users au ON au.id = og.user_id
      WHERE og.id = ${key.id} AND og.user_id = ${actor.userId} AND og.revoked_at IS NULL AND og.expires_at > ${key.asOf}
        AND au.disabled_at IS NULL AND au.deleting_at IS NULL AND au.email_verified_at IS NOT NULL)`;
  }
  return sql`EXISTS (
    SELECT 1 FROM api_keys ak JOIN users au ON au.id = ak.user_id
    WHERE ak.id = ${key.id} AND ak.user_id = ${actor.userId} AND ak.revoked_at IS NULL AND ak.expires_at > ${key.asOf}
      AND (ak.secret_hash = ${key.secretHash} OR (ak.previous_hash = ${key.secretHash} AND ak.previous_expires_at > ${key.asOf}))
      AND au.disabled_at IS NULL AND au.deleting_at IS NULL AND au.email_verified_at IS NOT NULL)`;
}

function resourceTarget(resource: Resource): SQL {
  switch (resource.kind) {
    case "account":
      return sql`SELECT id AS account_id, NULL AS event_id, NULL AS room_id FROM accounts WHERE id = ${resource.accountId}`;
    case "event":
      return sql`SELECT account_id, id AS event_id, NULL AS room_id FROM events WHERE id = ${resource.eventId}`;
    case "room":
      return sql`SELECT account_id, event_id, id AS room_id FROM rooms WHERE id = ${resource.roomId}`;
  }
}

export type TargetRow = {
  account_id: string;
  event_id: string | null;
  room_id: string | null;
  event_status?: EventStatus | null;
};
export type OwnerRow = { owner: number; verified?: number | null };

/**
 * What an owner whose address is not verified yet may not do: everything that reaches other people (co-owners,
 * invitations, grants). They may run their own events; the rest waits until a mailed link proves the address.
 */
export const NEEDS_VERIFIED_EMAIL: ReadonlySet<PermissionKey> = new Set<PermissionKey>(["account.manage", "access.manage"]);

export const verifyFirst = () =>
  forbidden("Verify your email address first: follow the link we mailed you, or send it again from the banner.");
export type PermissionRow = { key: string; scope: "event" | "room" };

/** The three statements of one authorization, sent together in one batch (one D1 round trip). */
export function authorizationStatements(actor: Actor, resource: Resource): SQL[] {
  return authorizationStatementsFor(actor, resourceTarget(resource));
}

/**
 * The same three statements for a target given as SQL (one row: account_id, event_id, room_id), when the resource is
 * only known inside the batch (the room an operation is about). Feed the rows to `decide`, exactly as `authorize` does.
 */
export function authorizationStatementsFor(actor: Actor, unnarrowed: SQL): SQL[] {
  const userId = actor.userId;
  const target = narrowedToKey(unnarrowed, actor);
  return [
    sql`
      WITH target AS (${target})
      SELECT t.account_id, t.event_id, t.room_id, e.status AS event_status
      FROM target t LEFT JOIN events e ON e.id = t.event_id`,
    sql`
      WITH target AS (${target})
      SELECT 1 AS owner,
             (SELECT u.email_verified_at IS NOT NULL FROM users u WHERE u.id = ${userId}) AS verified
      FROM account_ownership o JOIN target t ON o.account_id = t.account_id
      WHERE o.user_id = ${userId}`,
    // Roles granted on the event, or on the room in question, closed over inheritance (UNION stops at cycles).
    sql`
      WITH RECURSIVE
        target AS (${target}),
        granted(role_id, scope) AS (
          SELECT g.role_id, CASE WHEN g.room_id IS NULL THEN 'event' ELSE 'room' END
          FROM access_grants g JOIN target t ON g.event_id = t.event_id
          WHERE g.user_id = ${userId} AND (g.room_id IS NULL OR t.room_id IS NULL OR g.room_id = t.room_id)
            -- Grants count only for a verified address (none should exist otherwise; this is the backstop).
            AND EXISTS (SELECT 1 FROM users u WHERE u.id = g.user_id AND u.email_verified_at IS NOT NULL)
        ),
        closure(role_id, scope) AS (
          SELECT role_id, scope FROM granted
          UNION
          SELECT ri.inherits_role_id, c.scope FROM role_inheritances ri JOIN closure c ON ri.role_id = c.role_id
        )
      SELECT DISTINCT p.key, c.scope FROM closure c
      JOIN role_permissions rp ON rp.role_id = c.role_id
      JOIN permissions p ON p.id = rp.permission_id`,
  ];
}

/**
 * CTEs (for a `WITH RECURSIVE` prefix) that restate `decide` in SQL, so a write in the same batch as the
 * authorization can be guarded by it: `target` (the resource), `is_owner` (a row when the actor owns its account) and
 * `held(key)` (the permissions the actor's grants give on it; on an event, a room grant gives only event.view).
 */
export function actorPermissionCtes(actor: Actor, resource: Resource): SQL {
  const userId = actor.userId;
  const target = targetCte(resource, actor);
  // As in decide(): on an event, a room grant gives only event.view; on a room, every grant in scope counts.
  const roomGrantCounts = resource.kind === "event" ? sql`c.scope = 'event'` : sql`1 = 1`;
  const viewFromRoomGrants = resource.kind === "event" ? sql`UNION SELECT 'event.view' FROM closure WHERE scope = 'room'` : sql``;
  return sql`
    target AS (${target}),
    is_owner AS (
      SELECT 1 FROM account_ownership o JOIN target t ON o.account_id = t.account_id WHERE o.user_id = ${userId}
    ),
    actor_verified AS (
      SELECT 1 FROM users u WHERE u.id = ${userId} AND u.email_verified_at IS NOT NULL
    ),
    granted(role_id, scope) AS (
      SELECT g.role_id, CASE WHEN g.room_id IS NULL THEN 'event' ELSE 'room' END
      FROM access_grants g JOIN target t ON g.event_id = t.event_id
      WHERE g.user_id = ${userId} AND (g.room_id IS NULL OR t.room_id IS NULL OR g.room_id = t.room_id)
        AND EXISTS (SELECT 1 FROM actor_verified)
    ),
    closure(role_id, scope) AS (
      SELECT role_id, scope FROM granted
      UNION
      SELECT ri.inherits_role_id, c.scope FROM role_inheritances ri JOIN closure c ON ri.role_id = c.role_id
    ),
    held(key) AS (
      SELECT p.key FROM closure c
      JOIN role_permissions rp ON rp.role_id = c.role_id JOIN permissions p ON p.id = rp.permission_id
      WHERE ${roomGrantCounts}
      ${viewFromRoomGrants}
    )`;
}

/**
 * With `actorPermissionCtes` in scope: true when the actor may do `permission`. Owners may do everything, except
 * that an owner whose address is unverified may not do what reaches other people (`NEEDS_VERIFIED_EMAIL`); grants
 * count only for a verified address.
 */
export const actorMay = (actor: Actor, permission: PermissionKey): SQL =>
  actor.key && !actor.key.permissions.has(permission)
    ? sql`(1 = 0)`
    : NEEDS_VERIFIED_EMAIL.has(permission)
    ? sql`(EXISTS (SELECT 1 FROM actor_verified) AND (EXISTS (SELECT 1 FROM is_owner) OR EXISTS (SELECT 1 FROM held WHERE key = ${permission})))`
    : sql`(EXISTS (SELECT 1 FROM is_owner) OR EXISTS (SELECT 1 FROM held WHERE key = ${permission}))`;

async function runBatch(ctx: Ctx, queries: SQL[]): Promise<unknown[][]> {
  const results = await ctx.db.$client.batch(queries.map((q) => prepareSql(ctx.db, q)));
  return results.map((r) => r.results);
}

export function decide(
  resource: Resource,
  permission: PermissionKey,
  rows: readonly [TargetRow[], OwnerRow[], PermissionRow[]],
  actor: Actor,
) {
  const [targets, owners, permissionRows] = rows;
  const target = targets[0];
  if (!target) throw notFound(`${resource.kind === "account" ? "Account" : resource.kind === "event" ? "Event" : "Room"} not found`);
  const isOwner = owners.length > 0;
  const unverifiedOwner = isOwner && !owners[0]?.verified;
  let permissions: Set<PermissionKey>;
  if (isOwner) {
    permissions = new Set(PERMISSION_KEYS.filter((key) => !(unverifiedOwner && NEEDS_VERIFIED_EMAIL.has(key))));
  } else {
    permissions = new Set();
    for (const row of permissionRows) {
      // On an event, a grant for one of its rooms only lets the holder see the event (and that room).
      if (resource.kind === "event" && row.scope === "room") permissions.add("event.view");
      else permissions.add(row.key as PermissionKey);
    }
  }
  // A key does no more than its scopes allow, and never more than its user may do now (the rows above).
  const key = actor.key;
  if (key) for (const held of [...permissions]) if (!key.permissions.has(held)) permissions.delete(held);
  const authorized: Authorized = {
    accountId: target.account_id,
    eventId: target.event_id,
    roomId: target.room_id,
    isOwner,
    permissions,
    eventStatus: target.event_status ?? null,
  };
  if (permissions.has(permission)) return authorized;
  if (unverifiedOwner && NEEDS_VERIFIED_EMAIL.has(permission)) throw verifyFirst();
  // Without any visibility the resource must look absent; with some, say plainly that this is not allowed.
  if (permissions.size === 0 || (resource.kind !== "account" && !permissions.has("event.view"))) {
    throw notFound(`${resource.kind === "account" ? "Account" : resource.kind === "event" ? "Event" : "Room"} not found`);
  }
  throw forbidden();
}

/**
 * May the actor do `permission` to `resource`? Account owners may do everything in their account; others hold
 * roles through access grants (an event-wide grant covers its rooms, a room grant only that room), with role
 * inheritance resolved in SQL. One batch, one round trip. Throws not_found where the actor may not even see it.
 */
export async function authorize(ctx: Ctx, permission: PermissionKey, resource: Resource): Promise<Authorized> {
  const actor = requireActor(ctx);
  const [targets, owners, permissionRows] = await runBatch(ctx, authorizationStatements(actor, resource));
  return decide(resource, permission, [targets as TargetRow[], owners as OwnerRow[], permissionRows as PermissionRow[]], actor);
}

/**
 * Authorizes and runs one raw read `query` in the same batch, so a read costs one round trip. Its rows are
 * returned only if the actor is allowed, so the query must not write.
 */
export async function authorizeAndRead<Row>(
  ctx: Ctx,
  permission: PermissionKey,
  resource: Resource,
  query: SQL,
): Promise<[Authorized, Row[]]> {
  const actor = requireActor(ctx);
  const [targets, owners, permissionRows, result] = await runBatch(ctx, [
    ...authorizationStatements(actor, resource),
    query,
  ]);
  const authorized = decide(
    resource,
    permission,
    [targets as TargetRow[], owners as OwnerRow[], permissionRows as PermissionRow[]],
    actor,
  );
  return [authorized, (result ?? []) as Row[]];
}
