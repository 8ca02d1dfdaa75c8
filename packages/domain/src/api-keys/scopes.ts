import type { PermissionKey } from "../access/permissions";

/** The resources a key's scopes name, each with `:read` and `:write` (write includes read). */
export const API_RESOURCES = ["events", "attendees", "orders", "invitations", "checkins", "recording", "clips"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export const API_SCOPES = API_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as const);
export type ApiScope = `${ApiResource}:${"read" | "write"}`;

export const API_RESOURCE_LABELS: Record<ApiResource, string> = {
  events: "Events and rooms",
  attendees: "Attendees",
  orders: "Ticket types and orders",
  invitations: "Invitations",
  checkins: "Check-ins",
  recording: "Recording and operations",
  clips: "Clips",
};

/**
 * Which scope lets a key use each permission of its user. The permissions a key can never use (the account's keys,
 * co-owners, roles, retailer secrets, the audit log, entering rooms) map to nothing. A permission both reads and
 * writes use (orders.manage) needs the resource's read scope here; each API route and MCP tool also names the
 * scope it needs, so a read-only key still cannot refund. Where one permission guards reads of several kinds, each
 * scope that reads through it is listed.
 */
export const PERMISSION_SCOPE: Record<PermissionKey, ApiScope | ApiScope[] | null> = {
  "account.manage": null,
  "roles.manage": null,
  "audit.view": null,
  "retailers.manage": null,
  "webhooks.manage": null,
  "room.enter": null,
  "event.view": "events:read",
  "event.create": "events:write",
  // Organizers' clip lists authorize with event.update: a clips:read key may use it for that (the event routes still
  // need events:write).
  "event.update": ["events:write", "clips:read"],
  "event.publish": "events:write",
  "stage.view": "recording:read",
  "stage.manage": "recording:write",
  "participants.view": "attendees:read",
  "participants.export": "attendees:read",
  "access.manage": ["invitations:read", "invitations:write"],
  "orders.manage": "orders:read",
  // The door's list (check-ins since a time) and checking a code in.
  "tickets.check_in": ["checkins:read", "checkins:write"],
};

/** A scope held by a key, given its scopes: `x:write` includes `x:read`. */
export function scopeHeld(scopes: readonly string[], needed: ApiScope): boolean {
  if (scopes.includes(needed)) return true;
  return needed.endsWith(":read") && scopes.includes(needed.replace(/:read$/, ":write"));
}

/** The permissions of a key's user that its scopes let it use. */
export function permissionsForScopes(scopes: readonly string[]): Set<PermissionKey> {
  const allowed = new Set<PermissionKey>();
  for (const [permission, needs] of Object.entries(PERMISSION_SCOPE) as [PermissionKey, ApiScope | ApiScope[] | null][]) {
    const anyOf = needs === null ? [] : Array.isArray(needs) ? needs : [needs];
    if (anyOf.some((scope) => scopeHeld(scopes, scope))) allowed.add(permission);
  }
  return allowed;
}
