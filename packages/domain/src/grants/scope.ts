import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Authorized, authorizeAndRead, type PermissionKey, type Resource } from "../access";
import type { Ctx } from "../context";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { Id, OptionalId } from "../ids";
import type { GrantableRole } from "./roles";

/** A role is named by id (role pickers) or by key ("speaker", or a custom role's key). */
export const RoleChoice = {
  roleId: OptionalId,
  roleKey: z.preprocess((v) => (v === "" || v === null ? undefined : v), Id.optional()),
};
type RoleChoice = { roleId?: string | undefined; roleKey?: string | undefined };
export const roleChosen = (d: RoleChoice) => Boolean(d.roleId || d.roleKey);
export const unknownRole = (d: RoleChoice) =>
  invalid("Choose a role", { [d.roleId ? "roleId" : "roleKey"]: ["Choose one of the roles this event offers"] });

/** What a grant or invitation covers: the whole event (roomId null) or one of its rooms. */
export type Scope = { eventId: string; roomId: string | null };

export type ScopeTarget = Authorized & {
  eventId: string;
  eventName: string;
  roomName: string | null;
};

export type ScopeRow = {
  event_name: string;
  event_status: string;
  room_name: string | null;
  room_status: string | null;
  room_event_id: string | null;
};

export const scopeResource = (scope: Scope): Resource =>
  scope.roomId ? { kind: "room", roomId: scope.roomId } : { kind: "event", eventId: scope.eventId };

/** The names and states `checkScope` needs, as one read for a batch. */
export function scopeQuery(scope: Scope): SQL {
  return sql`SELECT e.name AS event_name, e.status AS event_status, r.name AS room_name, r.status AS room_status,
                    r.event_id AS room_event_id
             FROM events e LEFT JOIN rooms r ON r.id = ${scope.roomId}
             WHERE e.id = ${scope.eventId}`;
}

/** Checks the room belongs to the event and, with `forChange`, that neither is archived; gives the names. */
export function checkScope(access: Authorized, row: ScopeRow | undefined, scope: Scope, forChange: boolean): ScopeTarget {
  const what = scope.roomId ? "Room not found" : "Event not found";
  if (!row || access.eventId !== scope.eventId) throw notFound(what);
  if (scope.roomId && row.room_event_id !== scope.eventId) throw notFound(what);
  if (forChange && row.event_status === "archived") throw conflict("This event is archived.");
  if (forChange && scope.roomId && row.room_status !== "active") throw conflict("This room is archived.");
  return { ...access, eventId: scope.eventId, eventName: row.event_name, roomName: row.room_name };
}

/**
 * Authorizes `permission` on the event, or on the room when the scope names one, and checks the room belongs to
 * that event. With `forChange`, archived events and rooms are refused, since nobody should be let into them.
 */
export async function authorizeScope(
  ctx: Ctx,
  permission: PermissionKey,
  scope: Scope,
  { forChange }: { forChange: boolean },
): Promise<ScopeTarget> {
  const [access, rows] = await authorizeAndRead<ScopeRow>(ctx, permission, scopeResource(scope), scopeQuery(scope));
  return checkScope(access, rows[0], scope, forChange);
}

/** Nobody hands out (or takes away) a role stronger than their own: owners may, others need its every permission. */
export function assertMayManageRole(access: Authorized, role: GrantableRole) {
  if (access.isOwner) return;
  if (role.permissions.some((p) => !access.permissions.has(p))) {
    throw forbidden(`You can only manage the ${role.name} role if you hold all its permissions yourself.`);
  }
}
