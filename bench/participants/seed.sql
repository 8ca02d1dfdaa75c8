-- 100,000 participants on one event (80,000 members with grants, 20,000 pending invitees), plus 10,000 members
-- of a second event so the indexes hold more than the one event. Generated in SQL; ids are deterministic.
INSERT INTO users (id, email, name, password_hash, created_at) VALUES
  ('bench_organizer', 'organizer@bench.test', 'Bench Organizer', NULL, 1767225600);
INSERT INTO accounts (id, name, kind, created_at) VALUES ('bench_account', 'Bench account', 'organization', 1767225600);
INSERT INTO account_ownership (account_id, user_id, created_at) VALUES ('bench_account', 'bench_organizer', 1767225600);
INSERT INTO events (id, account_id, name, description, slug, time_zone, starts_at, ends_at, status, created_by, created_at, updated_at)
VALUES
  ('bench_event', 'bench_account', 'Bench Live', '', 'bench-live', 'UTC', 1798761600, 1798768800, 'active', 'bench_organizer', 1767225600, 1767225600),
  ('bench_other_event', 'bench_account', 'Bench Other', '', 'bench-other', 'UTC', 1798761600, 1798768800, 'active', 'bench_organizer', 1767225600, 1767225600);
INSERT INTO rooms (id, event_id, account_id, name, kind, capacity, position, status, created_at) VALUES
  ('bench_room_1', 'bench_event', 'bench_account', 'Main stage', 'stage', NULL, 0, 'active', 1767225600),
  ('bench_room_2', 'bench_event', 'bench_account', 'Workshop', 'breakout', NULL, 1, 'active', 1767225600),
  ('bench_room_3', 'bench_event', 'bench_account', 'Green room', 'backstage', NULL, 2, 'active', 1767225600);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 90000)
INSERT INTO users (id, email, name, password_hash, created_at)
SELECT printf('bench_user_%06d', i), printf('participant%06d@bench.test', i), printf('Participant %06d', i), NULL,
       1767225600 + i
FROM n;

-- Three grants share each second, so the keyset's entry_id tiebreak matters.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80000)
INSERT INTO access_grants (id, account_id, user_id, event_id, room_id, role_id, source, granted_by, created_at)
SELECT printf('bench_grant_%06d', i), 'bench_account', printf('bench_user_%06d', i), 'bench_event',
       CASE i % 4 WHEN 0 THEN NULL ELSE printf('bench_room_%d', i % 4) END,
       CASE i % 10 WHEN 0 THEN 'role_host' WHEN 1 THEN 'role_moderator' WHEN 2 THEN 'role_speaker' ELSE 'role_attendee' END,
       'manual', 'bench_organizer', 1767225600 + (i * 5) / 4 / 3
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO access_grants (id, account_id, user_id, event_id, room_id, role_id, source, granted_by, created_at)
SELECT printf('bench_other_grant_%06d', i), 'bench_account', printf('bench_user_%06d', 80000 + i), 'bench_other_event',
       NULL, 'role_attendee', 'manual', 'bench_organizer', 1767225600 + i
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO invitations (id, account_id, event_id, room_id, email, role_id, token_hash, status, expires_at, invited_by,
                         send_count, last_sent_at, created_at)
SELECT printf('bench_invitation_%06d', i), 'bench_account', 'bench_event',
       CASE i % 3 WHEN 0 THEN NULL ELSE printf('bench_room_%d', i % 3) END,
       printf('invitee%06d@bench.test', i), CASE i % 5 WHEN 0 THEN 'role_speaker' ELSE 'role_attendee' END,
       printf('bench_token_hash_%06d', i), 'pending', 1830297600, 'bench_organizer', 1, 1767225600 + i * 5 / 3,
       1767225600 + i * 5 / 3
FROM n;

INSERT INTO pending_profiles (id, account_id, event_id, room_id, invitation_id, email, role_id, created_at)
SELECT printf('bench_pending_%s', substr(id, 18)), account_id, event_id, room_id, id, email, role_id, created_at
FROM invitations WHERE id LIKE 'bench_invitation_%';
