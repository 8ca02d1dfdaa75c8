CREATE TABLE `webhook_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text,
	`type` text NOT NULL,
	`resource_id` text NOT NULL,
	`shard` text,
	`created_at` integer NOT NULL,
	`dispatched_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_outbox_pending_idx` ON `webhook_outbox` (`dispatched_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text,
	`url` text NOT NULL,
	`event_types` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`sealed_secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_subscriptions_account_idx` ON `webhook_subscriptions` (`account_id`,`created_at`);--> statement-breakpoint
INSERT INTO permissions (id, key, description) VALUES
  ('perm_webhooks_manage', 'webhooks.manage', 'Subscribe URLs to the account''s events (outgoing webhooks) and see their deliveries');--> statement-breakpoint
INSERT INTO role_permissions (role_id, permission_id) VALUES ('role_owner', 'perm_webhooks_manage');
