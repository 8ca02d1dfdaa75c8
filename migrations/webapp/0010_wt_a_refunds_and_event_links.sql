CREATE TABLE `retailer_event_links` (
	`event_id` text NOT NULL,
	`account_id` text NOT NULL,
	`retailer` text NOT NULL,
	`external_event_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `retailer`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `external_sku_mappings` ADD `unit_amount` integer;--> statement-breakpoint
ALTER TABLE `external_sku_mappings` ADD `currency` text;--> statement-breakpoint
ALTER TABLE `order_lines` ADD `refunded` integer DEFAULT 0 NOT NULL;