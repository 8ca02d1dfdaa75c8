import { createId } from "@paralleldrive/cuid2";
import { relations, sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => createId());

import { CLIP_STATUSES, CREDIT_KINDS, LOG_LEVELS, LOG_SOURCES, RECORDING_STATUSES, STAGE_ACTIONS } from "./values";

export * from "./values";

/**
 * One recording of a room's stage. Created by the start-recording Workflow (its id is the operation id, so a retried
 * step creates nothing new), then moved pending → starting → recording → stopping → stopped, or to failed.
 */
export const recordingSessions = sqliteTable(
  "recording_sessions",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    eventId: text("event_id").notNull(),
    roomId: text("room_id").notNull(),
    status: text("status", { enum: RECORDING_STATUSES }).notNull(),
    // The live stream (Mux live stream id) and its recording (LiveKit egress id), once the provider has them.
    providerStreamId: text("provider_stream_id"),
    egressId: text("egress_id"),
    playbackUrl: text("playback_url"),
    startedBy: text("started_by"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // the room's sessions, newest first
    index("recording_sessions_room_idx").on(t.accountId, t.roomId, t.createdAt),
    // an event's sessions, for deleting the event
    index("recording_sessions_event_idx").on(t.accountId, t.eventId),
    // one live (not yet stopped or failed) session per room
    uniqueIndex("recording_sessions_live_room_idx")
      .on(t.roomId)
      .where(sql`status IN ('pending', 'starting', 'recording', 'stopping')`),
  ],
);

export const stageEvents = sqliteTable(
  "stage_events",
  {
    // Chosen by the caller so that a retried request inserts nothing new.
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    eventId: text("event_id").notNull(),
    roomId: text("room_id").notNull(),
    sessionId: text("session_id").references(() => recordingSessions.id, { onDelete: "set null" }),
    // `user:<id>` for a person with an account, `guest:<name>` for a guest added by name.
    participantId: text("participant_id").notNull(),
    participantName: text("participant_name").notNull(),
    // The participant's user id; null for a guest.
    userId: text("user_id"),
    action: text("action", { enum: STAGE_ACTIONS }).notNull(),
    // Position in the room's timeline, assigned inside the insert statement.
    seq: integer("seq").notNull(),
    actorId: text("actor_id").notNull(),
    occurredAt: integer("occurred_at", { mode: "timestamp_ms" }).notNull(),
    offsetMs: integer("offset_ms"),
  },
  (t) => [
    // the room's timeline in order; uniqueness makes concurrent appends unable to share a slot
    uniqueIndex("stage_events_room_seq_idx").on(t.roomId, t.seq),
    // "is this participant on stage now": the participant's latest event in the room
    index("stage_events_room_participant_idx").on(t.roomId, t.participantId, t.seq),
    // a session's events, for generating its clips
    index("stage_events_session_idx").on(t.sessionId, t.seq),
    // an event's and a user's rows, for deleting them
    index("stage_events_event_idx").on(t.accountId, t.eventId),
    index("stage_events_user_idx").on(t.userId),
  ],
);

/** One clip per enter/exit pair of a participant in a session; an enter without an exit ends with the recording. */
export const participantClips = sqliteTable(
  "participant_clips",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    eventId: text("event_id").notNull(),
    roomId: text("room_id").notNull(),
    sessionId: text("session_id")
      .notNull()
      .references(() => recordingSessions.id, { onDelete: "cascade" }),
    participantId: text("participant_id").notNull(),
    participantName: text("participant_name").notNull(),
    userId: text("user_id"),
    startOffsetMs: integer("start_offset_ms").notNull(),
    endOffsetMs: integer("end_offset_ms").notNull(),
    status: text("status", { enum: CLIP_STATUSES }).notNull(),
    playbackUrl: text("playback_url"),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // "my clips": a participant's clips across sessions
    index("participant_clips_participant_idx").on(t.accountId, t.participantId),
    // "my clips" across accounts on this shard, and deleting a user
    index("participant_clips_user_idx").on(t.userId),
    // an event's clips (organizer view, deletion)
    index("participant_clips_event_idx").on(t.accountId, t.eventId),
    // regenerating a session's clips inserts nothing twice
    uniqueIndex("participant_clips_session_pair_idx").on(t.sessionId, t.participantId, t.startOffsetMs),
  ],
);

export const sessionLogs = sqliteTable(
  "session_logs",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    sessionId: text("session_id").references(() => recordingSessions.id, { onDelete: "cascade" }),
    operationId: text("operation_id"),
    level: text("level", { enum: LOG_LEVELS }).notNull(),
    // Which layer wrote it: the coordinator (RPC entrypoint, Durable Object), a Workflow step, or a provider call.
    source: text("source", { enum: LOG_SOURCES }).notNull(),
    message: text("message").notNull(),
    // Structured fields, as JSON; never secrets.
    data: text("data").notNull().default("{}"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // a session's log in time order
    index("session_logs_session_idx").on(t.sessionId, t.createdAt),
    // the newest logs of an account (admin dashboard)
    index("session_logs_account_idx").on(t.accountId, t.createdAt),
    // the newest lines of a whole shard, keyset by (created_at, id) (admin session logs page without an account)
    index("session_logs_created_idx").on(t.createdAt, t.id),
  ],
);

export const recordingSessionsRelations = relations(recordingSessions, ({ many }) => ({
  stageEvents: many(stageEvents),
  clips: many(participantClips),
  logs: many(sessionLogs),
}));

export const stageEventsRelations = relations(stageEvents, ({ one }) => ({
  session: one(recordingSessions, { fields: [stageEvents.sessionId], references: [recordingSessions.id] }),
}));

export const participantClipsRelations = relations(participantClips, ({ one }) => ({
  session: one(recordingSessions, { fields: [participantClips.sessionId], references: [recordingSessions.id] }),
}));

export const sessionLogsRelations = relations(sessionLogs, ({ one }) => ({
  session: one(recordingSessions, { fields: [sessionLogs.sessionId], references: [recordingSessions.id] }),
}));

/**
 * One outgoing webhook delivery: an outbox event (`message_id`, the `webhook-id`) to one subscription. Its id is the
 * delivery Workflow's instance id. Updated after every attempt: the attempts so far, the last response code (or the
 * refusal), and the outcome.
 */
export const webhookOutDeliveries = sqliteTable(
  "webhook_out_deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    subscriptionId: text("subscription_id").notNull(),
    messageId: text("message_id").notNull(),
    type: text("type").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed", "skipped"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastResponseStatus: integer("last_response_status"),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("webhook_out_deliveries_subscription_idx").on(t.accountId, t.subscriptionId, t.createdAt)],
);

/**
 * The account's recording credit, in minutes: append-only, never updated or deleted. `seq` numbers an account's entries 1, 2, 3 … and `balance` is the balance after the
 * entry: both are computed by the same conditional `INSERT … SELECT` from the account's latest row, so the balance is
 * one indexed read of the last row however long the ledger grows, and the unique `(account_id, seq)` makes two
 * appends that read the same latest row impossible. `(account_id, source_type, source_id)` is the step's key: a
 * retried step writes once. See docs/credits.md.
 */
export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    seq: integer("seq").notNull(),
    kind: text("kind", { enum: CREDIT_KINDS }).notNull(),
    // Signed minutes: positive adds credit, negative takes it.
    amount: integer("amount").notNull(),
    // The balance after this entry (the previous row's balance + amount).
    balance: integer("balance").notNull(),
    // What caused it: "redemption" + the claim id, "recording" + the session id, "admin" + an audit id, …
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id").notNull(),
    // A short description for the account page (never a secret or a code).
    memo: text("memo").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("credit_ledger_account_seq_idx").on(t.accountId, t.seq),
    uniqueIndex("credit_ledger_source_idx").on(t.accountId, t.sourceType, t.sourceId),
  ],
);
