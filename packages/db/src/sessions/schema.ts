import { createId } from "@paralleldrive/cuid2";
import { relations } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => createId());

export const recordingSessions = sqliteTable(
  "recording_sessions",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    roomId: text("room_id").notNull(),
    status: text("status", { enum: ["starting", "recording", "stopping", "stopped", "failed"] }).notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // the room's sessions, newest first
    index("recording_sessions_room_idx").on(t.accountId, t.roomId, t.createdAt),
  ],
);

export const stageEvents = sqliteTable(
  "stage_events",
  {
    // Chosen by the caller so that a retried request inserts nothing new.
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    roomId: text("room_id").notNull(),
    sessionId: text("session_id").references(() => recordingSessions.id, { onDelete: "set null" }),
    participantId: text("participant_id").notNull(),
    participantName: text("participant_name").notNull(),
    action: text("action", { enum: ["on_stage", "off_stage"] }).notNull(),
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
  ],
);

export const participantClips = sqliteTable(
  "participant_clips",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    sessionId: text("session_id")
      .notNull()
      .references(() => recordingSessions.id, { onDelete: "cascade" }),
    participantId: text("participant_id").notNull(),
    startOffsetMs: integer("start_offset_ms").notNull(),
    endOffsetMs: integer("end_offset_ms").notNull(),
    status: text("status", { enum: ["pending", "ready", "failed"] }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // "my clips": a participant's clips across sessions
    index("participant_clips_participant_idx").on(t.accountId, t.participantId),
  ],
);

export const sessionLogs = sqliteTable(
  "session_logs",
  {
    id: id(),
    accountId: text("account_id").notNull(),
    sessionId: text("session_id").references(() => recordingSessions.id, { onDelete: "cascade" }),
    level: text("level", { enum: ["debug", "info", "warn", "error"] }).notNull(),
    source: text("source").notNull(),
    message: text("message").notNull(),
    createdAt: integer("created_at", { mode: "timestamp" }).notNull(),
  },
  (t) => [
    // a session's log in time order
    index("session_logs_session_idx").on(t.sessionId, t.createdAt),
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
