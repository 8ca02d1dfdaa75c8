import { createId } from "@paralleldrive/cuid2";
import { relations } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    status: text("status", { enum: ["draft", "active", "archived"] }).notNull().default("draft"),
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
    kind: text("kind", { enum: ["stage", "breakout", "backstage"] }).notNull(),
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

export const usersRelations = relations(users, ({ many }) => ({
  ownerships: many(accountOwnership),
}));

export const accountsRelations = relations(accounts, ({ many }) => ({
  ownerships: many(accountOwnership),
  events: many(events),
}));

export const accountOwnershipRelations = relations(accountOwnership, ({ one }) => ({
  account: one(accounts, { fields: [accountOwnership.accountId], references: [accounts.id] }),
  user: one(users, { fields: [accountOwnership.userId], references: [users.id] }),
}));

export const eventsRelations = relations(events, ({ one, many }) => ({
  account: one(accounts, { fields: [events.accountId], references: [accounts.id] }),
  rooms: many(rooms),
}));

export const roomsRelations = relations(rooms, ({ one }) => ({
  event: one(events, { fields: [rooms.eventId], references: [events.id] }),
}));
