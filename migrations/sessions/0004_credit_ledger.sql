CREATE TABLE `credit_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`balance` integer NOT NULL,
	`source_type` text NOT NULL,
	`source_id` text NOT NULL,
	`memo` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_account_seq_idx` ON `credit_ledger` (`account_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `credit_ledger_source_idx` ON `credit_ledger` (`account_id`,`source_type`,`source_id`);