/** Every permission the platform knows. The seed migrations 0002, 0006, 0008, 0009 and 0012 insert exactly these rows. */
export const PERMISSIONS = {
  "account.manage": "Add and remove co-owners of the account",
  "roles.manage": "Define the account's custom roles",
  "audit.view": "Read the account's audit log",
  "event.create": "Create events in the account",
  "event.view": "See the event and the rooms the grant covers",
  "event.update": "Edit the event and its rooms",
  "event.publish": "Publish and archive the event",
  "room.enter": "Enter the room",
  "stage.view": "See the stage and its timeline",
  "stage.manage": "Put participants on stage and take them off",
  "participants.view": "See the event's participants",
  "participants.export": "Export the event's participants as CSV",
  "access.manage": "Grant and revoke access, and send invitations",
  "orders.manage": "Manage ticket types, SKU mappings and orders",
  "retailers.manage": "Set and remove the account's retailer connections (webhook secrets, API tokens)",
  "tickets.check_in": "Check tickets in at the door",
  "webhooks.manage": "Subscribe URLs to the account's events (outgoing webhooks) and see their deliveries",
} as const;

export type PermissionKey = keyof typeof PERMISSIONS;
export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as PermissionKey[];

/** Permissions that only account ownership carries; a role granted on an event or room cannot hold them. */
export const ACCOUNT_PERMISSIONS: readonly PermissionKey[] = ["account.manage", "roles.manage", "audit.view", "event.create", "retailers.manage", "webhooks.manage"];
export const EVENT_PERMISSIONS = PERMISSION_KEYS.filter((key) => !ACCOUNT_PERMISSIONS.includes(key));

/** The system roles, most powerful first; each inherits the next. "owner" is implied by account ownership. */
export const SYSTEM_ROLES = {
  owner: { id: "role_owner", name: "Owner", grantable: false },
  admin: { id: "role_admin", name: "Event admin", grantable: true },
  host: { id: "role_host", name: "Host", grantable: true },
  moderator: { id: "role_moderator", name: "Moderator", grantable: true },
  speaker: { id: "role_speaker", name: "Speaker", grantable: true },
  attendee: { id: "role_attendee", name: "Attendee", grantable: true },
} as const;
export type SystemRoleKey = keyof typeof SYSTEM_ROLES;
