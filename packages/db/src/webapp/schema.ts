import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { type AnySQLiteColumn, index, integer, primaryKey, sqliteTable, sqliteView, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROOM_KINDS } from "./room-kinds";
import { EVENT_STATUSES, OPERATION_KINDS, OPERATION_STATES, ORDER_STATUSES, PARTICIPANT_STATUSES, RETAILERS, SHARD_MODES } from "./values";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => createId());
const createdAt = () => integer("created_at", { mode: "timestamp" }).notNull();

export const users = sqliteTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    emailVerifiedAt: integer("email_verified_at", { mode: "timestamp" }),
    // Bumped to end every session of the user (sign-out everywhere, disable).
    sessionVersion: integer("session_version").notNull().default(0),
    disabledAt: integer("disabled_at", { mode: "timestamp" }),
    // Set when a delete-user operation starts: the user can no longer sign in, and is removed when it finishes.
    deletingAt: integer("deleting_at", { mode: "timestamp" }),
    // Platform staff. Not an RBAC role: no organizer can grant it; only a platform admin or the seed sets it.
    platformRole: text("platform_role", { enum: ["user", "admin"] }).notNull().default("user"),
    createdAt: createdAt(),
  },
  (t) => [
    // sign-in and invitation matching look users up by normalised email
    uniqueIndex("users_email_idx").on(t.email),
  ],
);

export const accounts = sqliteTable("accounts", {
  id: id(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["personal", "organization"] }).notNull(),
  // The user who created the account: no co-owner may remove them. Null only if that user was deleted.
  foundedBy: text("founded_by").references((): AnySQLiteColumn => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});

export const accountOwnership = sqliteTable(
  "account_ownership",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.userId] }),
    // "which accounts does this user own" (account switcher, authorization)
    index("account_ownership_user_idx").on(t.userId),
  ],
);

export const events = sqliteTable(
  "events",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    slug: text("slug").notNull(),
    timeZone: text("time_zone").notNull(),
    startsAt: integer("starts_at", { mode: "timestamp" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp" }).notNull(),
    // "deleting": a delete-event operation is running; the event is hidden and read-only until it finishes.
    status: text("status", { enum: EVENT_STATUSES }).notNull().default("draft"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // public event page resolves /e/:slug
    uniqueIndex("events_slug_idx").on(t.slug),
    // organizer's event list, newest first
    index("events_account_starts_idx").on(t.accountId, t.startsAt),
  ],
);

export { ROOM_KINDS, type RoomKind } from "./room-kinds";
export * from "./values";

export const rooms = sqliteTable(
  "rooms",
  {
    id: id(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    // Denormalised from the event so every room check filters by tenant in one lookup.
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind", { enum: ROOM_KINDS }).notNull(),
    capacity: integer("capacity"),
    position: integer("position").notNull().default(0),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [
    // rooms of an event in display order
    index("rooms_event_position_idx").on(t.eventId, t.position),
  ],
);

export const authThrottle = sqliteTable("auth_throttle", {
  // "email:<address>" or "ip:<address>"
  key: text("key").primaryKey(),
  windowStartedAt: integer("window_started_at", { mode: "timestamp" }).notNull(),
  failures: integer("failures").notNull(),
});

export const loginTokens = sqliteTable(
  "login_tokens",
  {
    id: id(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // SHA-256 of the single-use token; the token itself exists only in the sign-in mail
    tokenHash: text("token_hash").notNull(),
    // A sign-in link, or the link mailed at sign-up that verifies the address; both sign the holder in.
    purpose: text("purpose", { enum: ["sign_in", "verify_email"] }).notNull().default("sign_in"),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp" }),
    createdAt: createdAt(),
  },
  (t) => [
    // consuming a magic link: look up by token hash
    uniqueIndex("login_tokens_token_idx").on(t.tokenHash),
    // pruning and counting a user's outstanding links
    index("login_tokens_user_idx").on(t.userId, t.createdAt),
  ],
);

// ---------------------------------------------------------------- RBAC

export const permissions = sqliteTable("permissions", {
  id: text("id").primaryKey(),
  // e.g. "stage.manage"; the domain's PermissionKey union lists them all
  key: text("key").notNull().unique(),
  description: text("description").notNull(),
});

export const roles = sqliteTable(
  "roles",
  {
    id: id(),
    // null for the platform's system roles, which every account can use but none can change
    accountId: text("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    // '' for system roles, so one unique index covers both kinds
    accountScope: text("account_scope").generatedAlwaysAs(sql`coalesce(account_id, '')`, { mode: "virtual" }),
    createdAt: createdAt(),
  },
  (t) => [
    // role picker: the system roles plus one account's custom roles, and key uniqueness per account
    uniqueIndex("roles_account_key_idx").on(t.accountScope, t.key),
  ],
);

export const roleToPermissions = sqliteTable(
  "role_permissions",
  {
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permissionId: text("permission_id")
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permissionId] })],
);

export const rolesInheritances = sqliteTable(
  "role_inheritances",
  {
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    inheritsRoleId: text("inherits_role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.inheritsRoleId] }),
    // walking the hierarchy upwards (who inherits me) when checking for cycles
    index("role_inheritances_inherits_idx").on(t.inheritsRoleId),
  ],
);

export const accessGrants = sqliteTable(
  "access_grants",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    // null: the grant covers the whole event and all its rooms
    roomId: text("room_id").references(() => rooms.id, { onDelete: "cascade" }),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
    source: text("source", { enum: ["manual", "invitation", "ticket"] }).notNull(),
    grantedBy: text("granted_by").references(() => users.id, { onDelete: "set null" }),
    // '' for event-wide grants, so uniqueness also holds where room_id is null
    roomScope: text("room_scope").generatedAlwaysAs(sql`coalesce(room_id, '')`, { mode: "virtual" }),
    createdAt: createdAt(),
  },
  (t) => [
    // one grant per user, scope and role: retries and double accepts insert nothing new
    uniqueIndex("access_grants_scope_idx").on(t.userId, t.eventId, t.roomScope, t.roleId),
    // participants list of an event in keyset order
    index("access_grants_event_order_idx").on(t.eventId, t.createdAt, t.id),
    // "my events": what a user has been granted
    index("access_grants_user_idx").on(t.userId, t.eventId),
  ],
);

// ---------------------------------------------------------------- invitations

export const invitations = sqliteTable(
  "invitations",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    roomId: text("room_id").references(() => rooms.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
    // SHA-256 of the single-use token; the token itself exists only in the invitation mail
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: ["pending", "accepted", "revoked"] }).notNull().default("pending"),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    acceptedBy: text("accepted_by").references(() => users.id, { onDelete: "set null" }),
    acceptedAt: integer("accepted_at", { mode: "timestamp" }),
    sendCount: integer("send_count").notNull().default(1),
    lastSentAt: integer("last_sent_at", { mode: "timestamp" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // accepting: look up by token hash
    uniqueIndex("invitations_token_idx").on(t.tokenHash),
    // the event's invitation list, and matching pending invitations to a new user's email
    index("invitations_event_idx").on(t.eventId, t.status),
    index("invitations_email_idx").on(t.email, t.status),
  ],
);

export const pendingProfiles = sqliteTable(
  "pending_profiles",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    roomId: text("room_id").references(() => rooms.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id")
      .notNull()
      .references(() => invitations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    roleId: text("role_id")
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    // one pending profile per invitation
    uniqueIndex("pending_profiles_invitation_idx").on(t.invitationId),
    // turning pending profiles into grants when that email signs up
    index("pending_profiles_email_idx").on(t.email),
    // participants list of an event in keyset order
    index("pending_profiles_event_order_idx").on(t.eventId, t.createdAt, t.id),
  ],
);

// ---------------------------------------------------------------- tickets and orders

/** What a ticket is: the rooms it opens, how many exist, when it is on sale. Orders and registrations resolve to one. */
export const ticketTypes = sqliteTable(
  "ticket_types",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Shown as is ("Free", "€25"); money itself is handled by the retailer.
    priceLabel: text("price_label").notNull().default(""),
    // Free types can be taken by registering on the public page; others only come from orders.
    free: integer("free", { mode: "boolean" }).notNull().default(false),
    // null: no limit. `issued` counts valid tickets; one conditional UPDATE keeps it at or below capacity.
    capacity: integer("capacity"),
    issued: integer("issued").notNull().default(0),
    salesStartAt: integer("sales_start_at", { mode: "timestamp" }),
    salesEndAt: integer("sales_end_at", { mode: "timestamp" }),
    status: text("status", { enum: ["active", "archived"] }).notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_types_event_idx").on(t.eventId, t.createdAt)],
);

/** The rooms a ticket type opens. */
export const ticketTypeRooms = sqliteTable(
  "ticket_type_rooms",
  {
    ticketTypeId: text("ticket_type_id")
      .notNull()
      .references(() => ticketTypes.id, { onDelete: "cascade" }),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ticketTypeId, t.roomId] }), index("ticket_type_rooms_room_idx").on(t.roomId)],
);

/**
 * An external product of one retailer, mapped to a ticket type of one event. Scoped per event: the same product
 * may open different ticket types in different events.
 */
export const externalSkuMappings = sqliteTable(
  "external_sku_mappings",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    retailer: text("retailer", { enum: RETAILERS }).notNull(),
    externalSku: text("external_sku").notNull(),
    ticketTypeId: text("ticket_type_id")
      .notNull()
      .references(() => ticketTypes.id, { onDelete: "cascade" }),
    // The organizer's price of one unit (minor units of `currency`): a Stripe order paying another amount is held.
    unitAmount: integer("unit_amount"),
    currency: text("currency"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("external_sku_mappings_sku_idx").on(t.eventId, t.retailer, t.externalSku)],
);

/**
 * The retailer's own event that a Greenroom event sells (today Eventbrite's event id): an Eventbrite order fetched
 * after a notification is taken in only when its `event_id` is this one (or one of its ticket classes is mapped here).
 */
export const retailerEventLinks = sqliteTable(
  "retailer_event_links",
  {
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    retailer: text("retailer", { enum: RETAILERS }).notNull(),
    externalEventId: text("external_event_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.retailer] })],
);

/**
 * A retailer connection of an account: the webhook signing secret and, for Eventbrite, the API token, each sealed
 * with AES-GCM under a versioned Worker key; and the status of the last delivery, shown to the organizer.
 */
export const retailerConnections = sqliteTable(
  "retailer_connections",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    retailer: text("retailer", { enum: RETAILERS }).notNull(),
    sealedSecret: text("sealed_secret"),
    sealedApiToken: text("sealed_api_token"),
    lastDeliveryAt: integer("last_delivery_at", { mode: "timestamp" }),
    lastDeliveryStatus: integer("last_delivery_status"),
    lastDeliveryNote: text("last_delivery_note"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [uniqueIndex("retailer_connections_account_idx").on(t.accountId, t.retailer)],
);

/** Webhook deliveries already taken in, by the retailer's delivery id: a redelivery changes nothing. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    retailer: text("retailer", { enum: RETAILERS }).notNull(),
    deliveryId: text("delivery_id").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.retailer, t.deliveryId] })],
);

/**
 * An order from a retailer, its payload kept as a JSON body: `{ eventId, externalOrderId, buyerEmail, buyerName,
 * lines, amount, currency, raw }`. Generated columns (with indexes) exist only for what is queried: the retailer's
 * order id, the buyer's email and the event. `status` is the one mutable field. A refund that arrives before its
 * order creates the row as refunded; the order then fills in the body and issues nothing.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    retailer: text("retailer", { enum: RETAILERS }).notNull(),
    body: text("body", { mode: "json" }).notNull(),
    externalOrderId: text("external_order_id").generatedAlwaysAs(sql`json_extract(body, '$.externalOrderId')`, { mode: "virtual" }),
    buyerEmail: text("buyer_email").generatedAlwaysAs(sql`lower(json_extract(body, '$.buyerEmail'))`, { mode: "virtual" }),
    eventId: text("event_id").generatedAlwaysAs(sql`json_extract(body, '$.eventId')`, { mode: "virtual" }),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    // Some line's SKU has no mapping yet: flagged in the organizer UI; mapping it issues the tickets.
    needsMapping: integer("needs_mapping", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    uniqueIndex("orders_external_idx").on(t.accountId, t.retailer, t.externalOrderId),
    // the organizer's orders page, in keyset order
    index("orders_event_order_idx").on(t.eventId, t.createdAt, t.id),
    index("orders_buyer_idx").on(t.buyerEmail),
  ],
);

/** One line of an order: an external SKU and a quantity, resolved to a ticket type once a mapping exists. */
export const orderLines = sqliteTable(
  "order_lines",
  {
    id: id(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    lineNo: integer("line_no").notNull(),
    externalSku: text("external_sku").notNull(),
    title: text("title"),
    quantity: integer("quantity").notNull(),
    // Units of this line that signed refunds took back (their tickets are revoked; the rest stay valid).
    refunded: integer("refunded").notNull().default(0),
    ticketTypeId: text("ticket_type_id").references(() => ticketTypes.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("order_lines_line_idx").on(t.orderId, t.lineNo),
    // retroactive mapping: the unmapped lines of an event with this SKU
    index("order_lines_sku_idx").on(t.eventId, t.externalSku),
  ],
);

/**
 * An issued ticket, held by an email address. It opens its type's rooms (`room_access_tickets`) for the user who
 * has verified that address; until then the ticket itself is the buyer's pending profile.
 */
export const tickets = sqliteTable(
  "tickets",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    ticketTypeId: text("ticket_type_id")
      .notNull()
      .references(() => ticketTypes.id, { onDelete: "cascade" }),
    source: text("source", { enum: ["order", "registration"] }).notNull(),
    orderId: text("order_id").references(() => orders.id, { onDelete: "cascade" }),
    orderLineId: text("order_line_id").references(() => orderLines.id, { onDelete: "cascade" }),
    // 0..quantity-1 within its order line: with the line, what makes a redelivered order issue nothing new
    seq: integer("seq").notNull().default(0),
    holderEmail: text("holder_email").notNull(),
    holderName: text("holder_name").notNull().default(""),
    holderUserId: text("holder_user_id").references(() => users.id, { onDelete: "set null" }),
    // When the holder, signed in with the verified address, first had this ticket: until then the organizer sees
    // only what the order or registration said (its name), never whether the address has an account.
    claimedAt: integer("claimed_at", { mode: "timestamp" }),
    status: text("status", { enum: ["valid", "revoked"] }).notNull().default("valid"),
    revokedAt: integer("revoked_at", { mode: "timestamp" }),
    checkedInAt: integer("checked_in_at", { mode: "timestamp" }),
    checkedInBy: text("checked_in_by").references(() => users.id, { onDelete: "set null" }),
    // 8 characters a person can read out at the door (`tickets/short-code.ts`), unique within the event
    shortCode: text("short_code"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("tickets_line_seq_idx").on(t.orderLineId, t.seq),
    uniqueIndex("tickets_event_short_code_idx").on(t.eventId, t.shortCode),
    // one free registration per address and ticket type
    uniqueIndex("tickets_registration_idx")
      .on(t.ticketTypeId, t.holderEmail)
      .where(sql`source = 'registration'`),
    index("tickets_holder_email_idx").on(t.holderEmail),
    index("tickets_holder_user_idx").on(t.holderUserId),
    index("tickets_order_idx").on(t.orderId),
    index("tickets_event_idx").on(t.eventId, t.createdAt),
  ],
);

/** Which rooms an issued ticket opens: the source of its holder's `ticket` grants, so revoking removes exactly those. */
export const roomAccessTickets = sqliteTable(
  "room_access_tickets",
  {
    ticketId: text("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    roomId: text("room_id")
      .notNull()
      .references(() => rooms.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.roomId] }), index("room_access_tickets_room_idx").on(t.roomId)],
);

// ---------------------------------------------------------------- audit log and mail outbox

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    // null for platform-level actions (e.g. an admin disabling a user)
    accountId: text("account_id").references(() => accounts.id, { onDelete: "set null" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    createdAt: createdAt(),
  },
  (t) => [
    // an account's audit log, newest first
    index("audit_log_account_idx").on(t.accountId, t.createdAt),
    // the platform-wide audit log, newest first
    index("audit_log_created_idx").on(t.createdAt),
  ],
);

export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: id(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("body_text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // the local outbox page, newest first, optionally for one address
    index("mail_outbox_to_idx").on(t.to, t.createdAt),
  ],
);

// ---------------------------------------------------------------- participants view

/**
 * One row per grant or pending invitation of an event: members (users with grants) and pending profiles
 * (invitees who have not signed up), with their role and room. Read in keyset order (created_at, entry_id),
 * which the two `*_event_order_idx` indexes serve on each side of the UNION ALL.
 */
export const eventParticipantsView = sqliteView("event_participants_view", {
  entryId: text("entry_id").notNull(),
  status: text("status", { enum: PARTICIPANT_STATUSES }).notNull(),
  eventId: text("event_id").notNull(),
  accountId: text("account_id").notNull(),
  userId: text("user_id"),
  email: text("email").notNull(),
  name: text("name").notNull(),
  roleId: text("role_id").notNull(),
  roleName: text("role_name").notNull(),
  roomId: text("room_id"),
  roomName: text("room_name"),
  createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
}).as(sql`
  SELECT g.id AS entry_id, 'member' AS status, g.event_id, g.account_id, g.user_id, u.email, u.name,
         g.role_id, r.name AS role_name, g.room_id, rm.name AS room_name, g.created_at
  FROM access_grants g
  JOIN users u ON u.id = g.user_id
  JOIN roles r ON r.id = g.role_id
  LEFT JOIN rooms rm ON rm.id = g.room_id
  WHERE g.source <> 'ticket' OR EXISTS (
    SELECT 1 FROM tickets t
    WHERE t.holder_user_id = g.user_id AND t.event_id = g.event_id AND t.status = 'valid' AND t.claimed_at IS NOT NULL)
  UNION ALL
  SELECT p.id, 'pending', p.event_id, p.account_id, CAST(NULL AS TEXT), p.email, p.email,
         p.role_id, r.name, p.room_id, rm.name, p.created_at
  FROM pending_profiles p
  JOIN roles r ON r.id = p.role_id
  LEFT JOIN rooms rm ON rm.id = p.room_id`);

/**
 * The sessions D1 shards the workers app has bindings for (`SESSIONS_DB_<id>`). `shared` shards take new accounts
 * (the least-loaded first); a `dedicated` shard only holds accounts an admin pinned to it; `closed` takes no new ones.
 * Adding a shard adds a row; no account ever moves.
 */
export const shards = sqliteTable("shards", {
  id: text("id").primaryKey(),
  mode: text("mode", { enum: SHARD_MODES }).notNull().default("shared"),
  note: text("note").notNull().default(""),
  createdAt: createdAt(),
});

/** Which shard holds an account's sessions-side rows. Written once, on first use or by an admin pin before it. */
export const accountShards = sqliteTable(
  "account_shards",
  {
    accountId: text("account_id")
      .primaryKey()
      .references(() => accounts.id, { onDelete: "cascade" }),
    shardId: text("shard_id")
      .notNull()
      .references(() => shards.id),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    assignedAt: integer("assigned_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // accounts per shard (admin dashboard, least-loaded assignment)
    index("account_shards_shard_idx").on(t.shardId),
  ],
);

/**
 * One row per cross-database flow (a Cloudflare Workflow in the workers app, whose instance id is `instance_id`):
 * what it is about, where it is, and why it last failed. The UI follows it; the reconciler finds the stuck ones.
 */
export const operations = sqliteTable(
  "operations",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: OPERATION_KINDS }).notNull(),
    // The tenant, for authorization and routing; null for a user deletion (it spans accounts).
    accountId: text("account_id"),
    subjectType: text("subject_type", { enum: ["room", "event", "user", "credit_claim"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    state: text("state", { enum: OPERATION_STATES }).notNull().default("running"),
    step: text("step").notNull().default(""),
    // The raw error (provider, database or flow text): for platform admins and logs only.
    lastError: text("last_error"),
    // The same failure in words written for the tenant (null: the UI shows a generic message).
    publicError: text("public_error"),
    // The caller's idempotency key (a form's requestId, an Idempotency-Key header): only a lookup, never an id.
    requestKey: text("request_key"),
    // How many Workflow instances have run this operation (the first, then each resume by the reconciler or an admin).
    attempts: integer("attempts").notNull().default(1),
    instanceId: text("instance_id").notNull(),
    // The flow's input and its result, as JSON.
    params: text("params").notNull().default("{}"),
    result: text("result"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
    // Past this, a running operation counts as stuck and the reconciler takes it over.
    deadlineAt: integer("deadline_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // the reconciler's scan and the admin list by state
    index("operations_state_idx").on(t.state, t.deadlineAt),
    // an account's operations, newest first
    index("operations_account_idx").on(t.accountId, t.createdAt),
    // at most one unfinished operation of a kind per subject: a double click starts one flow
    uniqueIndex("operations_active_subject_idx")
      .on(t.kind, t.subjectId)
      .where(sql`state IN ('running', 'compensating')`),
    // one operation per caller, kind and idempotency key: a retried request finds its operation
    uniqueIndex("operations_request_key_idx")
      .on(t.createdBy, t.kind, t.requestKey)
      .where(sql`request_key IS NOT NULL`),
  ],
);

// ---------------------------------------------------------------- programs and agents

/**
 * An API key: a program acting as the user who made it, within the key's scopes and (optionally) events, in one
 * account. Only a keyed hash of the secret is stored (HMAC-SHA256 under a key the Workers derive from AUTH_SECRET);
 * `display` is the prefix and last characters a person recognises it by. Rolling keeps the old secret valid until
 * `previous_expires_at`.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    display: text("display").notNull(),
    secretHash: text("secret_hash").notNull(),
    previousHash: text("previous_hash"),
    previousExpiresAt: integer("previous_expires_at", { mode: "timestamp" }),
    // JSON arrays: the scopes (`events:read`, ...) and the event ids it is limited to (null: every event).
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    eventIds: text("event_ids", { mode: "json" }).$type<string[] | null>(),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp" }),
    // The caller's address truncated to its network (/24 or /48), never the whole address.
    lastUsedIp: text("last_used_ip"),
    createdAt: createdAt(),
  },
  (t) => [
    // authentication: one lookup by the secret's hash (current or, while rolling, previous)
    uniqueIndex("api_keys_secret_idx").on(t.secretHash),
    index("api_keys_previous_idx").on(t.previousHash),
    // the API keys page: an account's keys, newest first
    index("api_keys_account_idx").on(t.accountId, t.createdAt),
    index("api_keys_user_idx").on(t.userId),
  ],
);

/**
 * An app a user authorized over OAuth (the MCP consent page): it acts as that user in one account, within the
 * scopes and events chosen there, exactly as an API key does. The tokens themselves live hashed in the OAuth
 * provider's KV; this row is what every call checks in SQL (`keyStillValid`), so revoking it ends its tokens at once.
 */
export const oauthGrants = sqliteTable(
  "oauth_grants",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // The OAuth client: its id (a registration id or a metadata document URL), its name and where tokens went.
    clientId: text("client_id").notNull(),
    clientName: text("client_name").notNull(),
    redirectHost: text("redirect_host").notNull(),
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull(),
    eventIds: text("event_ids", { mode: "json" }).$type<string[] | null>(),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp" }),
    lastUsedAt: integer("last_used_at", { mode: "timestamp" }),
    createdAt: createdAt(),
  },
  (t) => [
    // the account page: a user's authorized apps, newest first
    index("oauth_grants_user_idx").on(t.userId, t.createdAt),
    index("oauth_grants_account_idx").on(t.accountId),
  ],
);

/**
 * One row per `Idempotency-Key` a key sent with a POST: claimed before the verb runs (so twenty concurrent requests
 * run it once), then holding the answer, replayed for 24 hours. `fingerprint` is the method, path and body hash: the
 * same key with another request is refused.
 */
export const apiIdempotency = sqliteTable(
  "api_idempotency",
  {
    keyId: text("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    status: integer("status"),
    body: text("body"),
    location: text("location"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.idempotencyKey] }), index("api_idempotency_created_idx").on(t.createdAt)],
);

/** The event types an outgoing webhook subscription may ask for. */
export const WEBHOOK_OUT_EVENT_TYPES = [
  "order.placed",
  "order.refunded",
  "ticket.issued",
  "ticket.checked_in",
  "registration.created",
  "recording.stopped",
  "clip.ready",
] as const;
export type WebhookOutEventType = (typeof WEBHOOK_OUT_EVENT_TYPES)[number];

/**
 * An outgoing webhook subscription of an account (optionally limited to one of its events): an HTTPS URL, the event
 * types it wants (a JSON array), and its Standard Webhooks signing secret sealed with AES-GCM under COMMERCE_KEYS
 * (bound to the account and the subscription id), so the workers app can sign. The plain secret is never stored.
 */
export const webhookSubscriptions = sqliteTable(
  "webhook_subscriptions",
  {
    id: id(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id").references(() => events.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    eventTypes: text("event_types", { mode: "json" }).$type<WebhookOutEventType[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    // Why it was disabled: "owner" (by hand) or "gone" (the receiver answered 410).
    disabledReason: text("disabled_reason"),
    sealedSecret: text("sealed_secret").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [index("webhook_subscriptions_account_idx").on(t.accountId, t.createdAt)],
);

/**
 * The outbox of outgoing webhook events: one row per event, written in the same batch as the change it reports. Its
 * id is derived from the source (`evt_<type>_<resource id>`), so a retried verb writes it once; it is also the
 * `webhook-id` every delivery of it carries. The workers app fans each row out to the matching subscriptions (one
 * delivery Workflow each) and then sets `dispatched_at`.
 */
export const webhookOutbox = sqliteTable(
  "webhook_outbox",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    eventId: text("event_id"),
    type: text("type", { enum: WEBHOOK_OUT_EVENT_TYPES }).notNull(),
    resourceId: text("resource_id").notNull(),
    // Where the resource lives on the sessions side (recording.stopped, clip.ready); null for webapp resources.
    shard: text("shard"),
    createdAt: createdAt(),
    dispatchedAt: integer("dispatched_at", { mode: "timestamp" }),
  },
  (t) => [index("webhook_outbox_pending_idx").on(t.dispatchedAt, t.createdAt)],
);

// ---------------------------------------------------------------- recording credit: redemption codes

/**
 * A batch of redemption codes a platform admin made: each code is worth `value_minutes` of recording credit, may be
 * redeemed by `max_uses` accounts (1: single use; each account at most once) until `expires_at`. The codes themselves
 * are never stored: each is derived from the batch id and its index under a key the Workers derive from AUTH_SECRET,
 * so the CSV can be produced again, and only a keyed hash of each is kept (`credit_codes`). See docs/credits.md.
 */
export const creditCodeBatches = sqliteTable(
  "credit_code_batches",
  {
    id: id(),
    label: text("label").notNull(),
    valueMinutes: integer("value_minutes").notNull(),
    codeCount: integer("code_count").notNull(),
    maxUses: integer("max_uses").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp" }).notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("credit_code_batches_created_idx").on(t.createdAt)],
);

/** One code of a batch: its keyed hash (the lookup) and how many accounts have claimed it. */
export const creditCodes = sqliteTable(
  "credit_codes",
  {
    id: id(),
    batchId: text("batch_id")
      .notNull()
      .references(() => creditCodeBatches.id, { onDelete: "cascade" }),
    // Its position in the batch (0 …), from which the code is derived again for the CSV.
    position: integer("position").notNull(),
    codeHash: text("code_hash").notNull(),
    uses: integer("uses").notNull().default(0),
  },
  (t) => [uniqueIndex("credit_codes_hash_idx").on(t.codeHash), uniqueIndex("credit_codes_batch_idx").on(t.batchId, t.position)],
);

/**
 * An account's redemption of a code: `claimed` (the code's use is taken, the credit not yet on the shard), then
 * `granted` once the ledger holds the entry keyed `("redemption", id)`. The grant runs as the `grant_credit`
 * operation (`operation_id`), so the reconciler finishes a claim whose shard write failed.
 */
export const creditClaims = sqliteTable(
  "credit_claims",
  {
    id: id(),
    codeId: text("code_id")
      .notNull()
      .references(() => creditCodes.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    minutes: integer("minutes").notNull(),
    status: text("status", { enum: ["claimed", "granted"] }).notNull(),
    operationId: text("operation_id").notNull(),
    createdAt: createdAt(),
    grantedAt: integer("granted_at", { mode: "timestamp" }),
  },
  (t) => [uniqueIndex("credit_claims_code_account_idx").on(t.codeId, t.accountId), index("credit_claims_account_idx").on(t.accountId, t.status)],
);
