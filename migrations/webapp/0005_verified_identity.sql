ALTER TABLE `accounts` ADD `founded_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `login_tokens` ADD `purpose` text DEFAULT 'sign_in' NOT NULL;--> statement-breakpoint
-- Existing accounts: the founder is the earliest owner.
UPDATE `accounts` SET `founded_by` = (
  SELECT `user_id` FROM `account_ownership` o WHERE o.`account_id` = `accounts`.`id` ORDER BY o.`created_at`, o.`rowid` LIMIT 1
);
