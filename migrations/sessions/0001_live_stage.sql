-- The live stage (issue 10). The sessions tables so far held only the toy stage of earlier builds (no recordings,
-- no clips); they are rebuilt with the columns of the source design: event ids for deleting an event on its shard,
-- provider ids and playback URLs, user ids for deleting a user, and structured log fields.
-- SQLite cannot add NOT NULL columns without a default, so the tables are dropped and created afresh.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
DROP TABLE `participant_clips`;--> statement-breakpoint
DROP TABLE `session_logs`;--> statement-breakpoint
DROP TABLE `stage_events`;--> statement-breakpoint
DROP TABLE `recording_sessions`;--> statement-breakpoint
CREATE TABLE `participant_clips` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`room_id` text NOT NULL,
	`session_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`participant_name` text NOT NULL,
	`user_id` text,
	`start_offset_ms` integer NOT NULL,
	`end_offset_ms` integer NOT NULL,
	`status` text NOT NULL,
	`playback_url` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `participant_clips_participant_idx` ON `participant_clips` (`account_id`,`participant_id`);--> statement-breakpoint
CREATE INDEX `participant_clips_user_idx` ON `participant_clips` (`user_id`);--> statement-breakpoint
CREATE INDEX `participant_clips_event_idx` ON `participant_clips` (`account_id`,`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `participant_clips_session_pair_idx` ON `participant_clips` (`session_id`,`participant_id`,`start_offset_ms`);--> statement-breakpoint
CREATE TABLE `recording_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`room_id` text NOT NULL,
	`status` text NOT NULL,
	`provider_stream_id` text,
	`egress_id` text,
	`playback_url` text,
	`started_by` text,
	`started_at` integer,
	`ended_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recording_sessions_room_idx` ON `recording_sessions` (`account_id`,`room_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `recording_sessions_event_idx` ON `recording_sessions` (`account_id`,`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `recording_sessions_live_room_idx` ON `recording_sessions` (`room_id`) WHERE status IN ('pending', 'starting', 'recording', 'stopping');--> statement-breakpoint
CREATE TABLE `session_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`session_id` text,
	`operation_id` text,
	`level` text NOT NULL,
	`source` text NOT NULL,
	`message` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_logs_session_idx` ON `session_logs` (`session_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `session_logs_account_idx` ON `session_logs` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `stage_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`room_id` text NOT NULL,
	`session_id` text,
	`participant_id` text NOT NULL,
	`participant_name` text NOT NULL,
	`user_id` text,
	`action` text NOT NULL,
	`seq` integer NOT NULL,
	`actor_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`offset_ms` integer,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_events_room_seq_idx` ON `stage_events` (`room_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stage_events_room_participant_idx` ON `stage_events` (`room_id`,`participant_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stage_events_session_idx` ON `stage_events` (`session_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stage_events_event_idx` ON `stage_events` (`account_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `stage_events_user_idx` ON `stage_events` (`user_id`);