ALTER TABLE `operations` ADD `public_error` text;--> statement-breakpoint
ALTER TABLE `operations` ADD `request_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `operations_request_key_idx` ON `operations` (`created_by`,`kind`,`request_key`) WHERE request_key IS NOT NULL;--> statement-breakpoint
-- Retailer connections are account-wide, so setting one is an account-level permission (ownership only).
-- Keys match packages/domain/src/access/permissions.ts.
INSERT INTO permissions (id, key, description) VALUES
  ('perm_retailers_manage', 'retailers.manage', 'Set and remove the account''s retailer connections (webhook secrets, API tokens)');
--> statement-breakpoint
INSERT INTO role_permissions (role_id, permission_id) VALUES ('role_owner', 'perm_retailers_manage');
--> statement-breakpoint
UPDATE permissions SET description = 'Manage ticket types, SKU mappings and orders' WHERE key = 'orders.manage';
