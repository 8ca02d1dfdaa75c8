CREATE TABLE `external_sku_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`retailer` text NOT NULL,
	`external_sku` text NOT NULL,
	`ticket_type_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_sku_mappings_sku_idx` ON `external_sku_mappings` (`event_id`,`retailer`,`external_sku`);--> statement-breakpoint
CREATE TABLE `order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`external_sku` text NOT NULL,
	`title` text,
	`quantity` integer NOT NULL,
	`ticket_type_id` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_lines_line_idx` ON `order_lines` (`order_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `order_lines_sku_idx` ON `order_lines` (`event_id`,`external_sku`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`retailer` text NOT NULL,
	`body` text NOT NULL,
	`external_order_id` text GENERATED ALWAYS AS (json_extract(body, '$.externalOrderId')) VIRTUAL,
	`buyer_email` text GENERATED ALWAYS AS (lower(json_extract(body, '$.buyerEmail'))) VIRTUAL,
	`event_id` text GENERATED ALWAYS AS (json_extract(body, '$.eventId')) VIRTUAL,
	`status` text NOT NULL,
	`needs_mapping` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_external_idx` ON `orders` (`account_id`,`retailer`,`external_order_id`);--> statement-breakpoint
CREATE INDEX `orders_event_order_idx` ON `orders` (`event_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `orders_buyer_idx` ON `orders` (`buyer_email`);--> statement-breakpoint
CREATE TABLE `retailer_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`retailer` text NOT NULL,
	`sealed_secret` text,
	`sealed_api_token` text,
	`last_delivery_at` integer,
	`last_delivery_status` integer,
	`last_delivery_note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retailer_connections_account_idx` ON `retailer_connections` (`account_id`,`retailer`);--> statement-breakpoint
CREATE TABLE `room_access_tickets` (
	`ticket_id` text NOT NULL,
	`room_id` text NOT NULL,
	`event_id` text NOT NULL,
	PRIMARY KEY(`ticket_id`, `room_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `room_access_tickets_room_idx` ON `room_access_tickets` (`room_id`);--> statement-breakpoint
CREATE TABLE `ticket_type_rooms` (
	`ticket_type_id` text NOT NULL,
	`room_id` text NOT NULL,
	PRIMARY KEY(`ticket_type_id`, `room_id`),
	FOREIGN KEY (`ticket_type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_type_rooms_room_idx` ON `ticket_type_rooms` (`room_id`);--> statement-breakpoint
CREATE TABLE `ticket_types` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`name` text NOT NULL,
	`price_label` text DEFAULT '' NOT NULL,
	`free` integer DEFAULT false NOT NULL,
	`capacity` integer,
	`issued` integer DEFAULT 0 NOT NULL,
	`sales_start_at` integer,
	`sales_end_at` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ticket_types_event_idx` ON `ticket_types` (`event_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`event_id` text NOT NULL,
	`ticket_type_id` text NOT NULL,
	`source` text NOT NULL,
	`order_id` text,
	`order_line_id` text,
	`seq` integer DEFAULT 0 NOT NULL,
	`holder_email` text NOT NULL,
	`holder_name` text DEFAULT '' NOT NULL,
	`holder_user_id` text,
	`status` text DEFAULT 'valid' NOT NULL,
	`revoked_at` integer,
	`checked_in_at` integer,
	`checked_in_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ticket_type_id`) REFERENCES `ticket_types`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`order_line_id`) REFERENCES `order_lines`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`holder_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`checked_in_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_line_seq_idx` ON `tickets` (`order_line_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_registration_idx` ON `tickets` (`ticket_type_id`,`holder_email`) WHERE source = 'registration';--> statement-breakpoint
CREATE INDEX `tickets_holder_email_idx` ON `tickets` (`holder_email`);--> statement-breakpoint
CREATE INDEX `tickets_holder_user_idx` ON `tickets` (`holder_user_id`);--> statement-breakpoint
CREATE INDEX `tickets_order_idx` ON `tickets` (`order_id`);--> statement-breakpoint
CREATE INDEX `tickets_event_idx` ON `tickets` (`event_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`account_id` text NOT NULL,
	`retailer` text NOT NULL,
	`delivery_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `retailer`, `delivery_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Permissions for the money side and the door. Keys match packages/domain/src/access/permissions.ts.
INSERT INTO permissions (id, key, description) VALUES
  ('perm_orders_manage', 'orders.manage', 'Manage ticket types, retailer connections, SKU mappings and orders'),
  ('perm_tickets_check_in', 'tickets.check_in', 'Check tickets in at the door');
--> statement-breakpoint
INSERT INTO role_permissions (role_id, permission_id) VALUES
  ('role_owner', 'perm_orders_manage'),
  ('role_owner', 'perm_tickets_check_in'),
  ('role_admin', 'perm_orders_manage'),
  ('role_moderator', 'perm_tickets_check_in');
