export { adminListAccounts } from "./admin-list-accounts";
export { adminListAudit } from "./admin-list-audit";
export { adminListEvents } from "./admin-list-events";
export { adminListUsers } from "./admin-list-users";
export { adminStats } from "./admin-stats";
export { type AdminAccount, type AdminEvent, type AdminStats, type AdminUser, requirePlatformAdmin } from "./platform-admin";
export { AdminListAuditInput, AdminListUsersInput, AdminSearchInput, AdminUserIdInput } from "./schemas";
export { disableUser, enableUser } from "./user-status";
