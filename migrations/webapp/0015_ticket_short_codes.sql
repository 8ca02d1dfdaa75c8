ALTER TABLE `tickets` ADD `short_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_event_short_code_idx` ON `tickets` (`event_id`,`short_code`);--> statement-breakpoint
-- Hand-written (not generated): every ticket issued before this migration gets its short code, from the same
-- alphabet and expression as `newShortCodeSql` in packages/domain/src/tickets/short-code.ts.
UPDATE `tickets` SET `short_code` = (
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) || substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) || substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) || substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) ||
  substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1) || substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random() % 30), 1)
) WHERE `short_code` IS NULL;
