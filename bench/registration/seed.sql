-- A published event of the demo organizer with one room and a free ticket type of 10 seats, for the registration
-- bench (scripts/bench-registration.mjs), in an account of its own so the organizer pages bench sees nothing new.
-- Local bench state only.
INSERT INTO accounts (id, name, kind, created_at) VALUES ('bench0registration0account', 'Bench', 'organization', 1764633600);
INSERT INTO events (id, account_id, name, description, slug, time_zone, starts_at, ends_at, status, created_by, created_at, updated_at)
VALUES ('bench0registration0event1', 'bench0registration0account', 'Registration Bench', '', 'registration-bench', 'Europe/Berlin',
        1798822800, 1798830000, 'active', NULL, 1764633600, 1764633600);
INSERT INTO rooms (id, event_id, account_id, name, kind, capacity, position, status, created_at)
VALUES ('bench0registration0room01', 'bench0registration0event1', 'bench0registration0account', 'Hall', 'stage', NULL, 0, 'active', 1764633600);
INSERT INTO ticket_types (id, account_id, event_id, name, price_label, free, capacity, issued, sales_start_at, sales_end_at, status, created_at)
VALUES ('bench0registration0type01', 'bench0registration0account', 'bench0registration0event1', 'Bench pass', 'Free', 1, 10, 0, NULL, NULL, 'active', 1764633600);
INSERT INTO ticket_type_rooms (ticket_type_id, room_id) VALUES ('bench0registration0type01', 'bench0registration0room01');
