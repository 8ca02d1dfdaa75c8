export {
  actorMay,
  actorPermissionCtes,
  authorize,
  authorizeAndRead,
  keyStillValid,
  type Authorized,
  type EventStatus,
  NEEDS_VERIFIED_EMAIL,
  type Resource,
  verifyFirst,
} from "./authorize";
export {
  ACCOUNT_PERMISSIONS,
  EVENT_PERMISSIONS,
  PERMISSION_KEYS,
  PERMISSIONS,
  type PermissionKey,
  SYSTEM_ROLES,
  type SystemRoleKey,
} from "./permissions";
export { auditEntry, auditWhere, conditionalAuditEntry } from "./audit";
export { authorizeAndReadAll, authorizeReadAndWrite, prepareRead, readBatch, tableRow } from "./read-batch";
export { ARCHIVED_EVENT_MESSAGE, requireEditableEvent } from "./editable";
