ALTER TABLE `tickets` ADD `claimed_at` integer;--> statement-breakpoint
DROP VIEW `event_participants_view`;--> statement-breakpoint
CREATE VIEW `event_participants_view` AS 
  SELECT g.id AS entry_id, 'member' AS status, g.event_id, g.account_id, g.user_id, u.email, u.name,
         g.role_id, r.name AS role_name, g.room_id, rm.name AS room_name, g.created_at
  FROM access_grants g
  JOIN users u ON u.id = g.user_id
  JOIN roles r ON r.id = g.role_id
  LEFT JOIN rooms rm ON rm.id = g.room_id
  WHERE g.source <> 'ticket' OR EXISTS (
    SELECT 1 FROM tickets t
    WHERE t.holder_user_id = g.user_id AND t.event_id = g.event_id AND t.status = 'valid' AND t.claimed_at IS NOT NULL)
  UNION ALL
  SELECT p.id, 'pending', p.event_id, p.account_id, CAST(NULL AS TEXT), p.email, p.email,
         p.role_id, r.name, p.room_id, rm.name, p.created_at
  FROM pending_profiles p
  JOIN roles r ON r.id = p.role_id
  LEFT JOIN rooms rm ON rm.id = p.room_id;