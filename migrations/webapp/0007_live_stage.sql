CREATE TABLE `account_shards` (
	`account_id` text PRIMARY KEY NOT NULL,
	`shard_id` text NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`assigned_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shard_id`) REFERENCES `shards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_shards_shard_idx` ON `account_shards` (`shard_id`);--> statement-breakpoint
CREATE TABLE `operations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`account_id` text,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`state` text DEFAULT 'running' NOT NULL,
	`step` text DEFAULT '' NOT NULL,
	`last_error` text,
	`attempts` integer DEFAULT 1 NOT NULL,
	`instance_id` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`result` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deadline_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `operations_state_idx` ON `operations` (`state`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `operations_account_idx` ON `operations` (`account_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `operations_active_subject_idx` ON `operations` (`kind`,`subject_id`) WHERE state IN ('running', 'compensating');--> statement-breakpoint
CREATE TABLE `shards` (
	`id` text PRIMARY KEY NOT NULL,
	`mode` text DEFAULT 'shared' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `users` ADD `deleting_at` integer;--> statement-breakpoint
-- Shard 0000 exists in every deploy; the workers app registers any further SESSIONS_DB_<id> it is configured with.
INSERT INTO `shards` (`id`, `mode`, `note`, `created_at`) VALUES ('0000', 'shared', '', CAST(strftime('%s', 'now') AS INTEGER));
