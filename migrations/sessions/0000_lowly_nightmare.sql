CREATE TABLE `participant_clips` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`session_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`start_offset_ms` integer NOT NULL,
	`end_offset_ms` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `participant_clips_participant_idx` ON `participant_clips` (`account_id`,`participant_id`);--> statement-breakpoint
CREATE TABLE `recording_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`room_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer,
	`ended_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `recording_sessions_room_idx` ON `recording_sessions` (`account_id`,`room_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `session_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`session_id` text,
	`level` text NOT NULL,
	`source` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_logs_session_idx` ON `session_logs` (`session_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `stage_events` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`room_id` text NOT NULL,
	`session_id` text,
	`participant_id` text NOT NULL,
	`participant_name` text NOT NULL,
	`action` text NOT NULL,
	`seq` integer NOT NULL,
	`actor_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`offset_ms` integer,
	FOREIGN KEY (`session_id`) REFERENCES `recording_sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_events_room_seq_idx` ON `stage_events` (`room_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stage_events_room_participant_idx` ON `stage_events` (`room_id`,`participant_id`,`seq`);