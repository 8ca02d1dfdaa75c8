-- Permissions and system roles (account_id NULL). Keys match packages/domain/src/access/permissions.ts;
-- a test checks they agree. Hierarchy: admin > host > moderator > speaker > attendee; owner holds everything.
INSERT INTO permissions (id, key, description) VALUES
  ('perm_account_manage', 'account.manage', 'Add and remove co-owners of the account'),
  ('perm_roles_manage', 'roles.manage', 'Define the account''s custom roles'),
  ('perm_audit_view', 'audit.view', 'Read the account''s audit log'),
  ('perm_event_create', 'event.create', 'Create events in the account'),
  ('perm_event_view', 'event.view', 'See the event and the rooms the grant covers'),
  ('perm_event_update', 'event.update', 'Edit the event and its rooms'),
  ('perm_event_publish', 'event.publish', 'Publish and archive the event'),
  ('perm_room_enter', 'room.enter', 'Enter the room'),
  ('perm_stage_view', 'stage.view', 'See the stage and its timeline'),
  ('perm_stage_manage', 'stage.manage', 'Put participants on stage and take them off'),
  ('perm_participants_view', 'participants.view', 'See the event''s participants'),
  ('perm_participants_export', 'participants.export', 'Export the event''s participants as CSV'),
  ('perm_access_manage', 'access.manage', 'Grant and revoke access, and send invitations');
--> statement-breakpoint
INSERT INTO roles (id, account_id, key, name, description, created_at) VALUES
  ('role_owner', NULL, 'owner', 'Owner', 'Account owners: everything in the account', 0),
  ('role_admin', NULL, 'admin', 'Event admin', 'Runs the event: rooms, access, invitations, publishing', 0),
  ('role_host', NULL, 'host', 'Host', 'Runs the stage', 0),
  ('role_moderator', NULL, 'moderator', 'Moderator', 'Watches the stage and the participants', 0),
  ('role_speaker', NULL, 'speaker', 'Speaker', 'Goes on stage', 0),
  ('role_attendee', NULL, 'attendee', 'Attendee', 'Enters the rooms the grant covers', 0);
--> statement-breakpoint
INSERT INTO role_permissions (role_id, permission_id)
  SELECT 'role_owner', id FROM permissions;
--> statement-breakpoint
INSERT INTO role_permissions (role_id, permission_id) VALUES
  ('role_admin', 'perm_event_update'),
  ('role_admin', 'perm_event_publish'),
  ('role_admin', 'perm_access_manage'),
  ('role_admin', 'perm_participants_export'),
  ('role_host', 'perm_stage_manage'),
  ('role_moderator', 'perm_participants_view'),
  ('role_speaker', 'perm_stage_view'),
  ('role_attendee', 'perm_event_view'),
  ('role_attendee', 'perm_room_enter');
--> statement-breakpoint
INSERT INTO role_inheritances (role_id, inherits_role_id) VALUES
  ('role_admin', 'role_host'),
  ('role_host', 'role_moderator'),
  ('role_moderator', 'role_speaker'),
  ('role_speaker', 'role_attendee');
