CREATE TABLE `credit_claims` (
	`id` text PRIMARY KEY NOT NULL,
	`code_id` text NOT NULL,
	`account_id` text NOT NULL,
	`user_id` text,
	`minutes` integer NOT NULL,
	`status` text NOT NULL,
	`operation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`granted_at` integer,
	FOREIGN KEY (`code_id`) REFERENCES `credit_codes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_claims_code_account_idx` ON `credit_claims` (`code_id`,`account_id`);--> statement-breakpoint
CREATE INDEX `credit_claims_account_idx` ON `credit_claims` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `credit_code_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`value_minutes` integer NOT NULL,
	`code_count` integer NOT NULL,
	`max_uses` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `credit_code_batches_created_idx` ON `credit_code_batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `credit_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`position` integer NOT NULL,
	`code_hash` text NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `credit_code_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_codes_hash_idx` ON `credit_codes` (`code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_codes_batch_idx` ON `credit_codes` (`batch_id`,`position`);