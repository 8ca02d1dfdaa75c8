export { EVENT_GRANTS_LIMIT, type EventGrant, listEventGrants } from "./list-event-grants";
export { listGrantableRoles } from "./list-grantable-roles";
export { type GrantRow, revokeGrant } from "./revoke-grant";
export { type GrantableRole, grantableRoles, resolveRole } from "./roles";
export { ListEventGrantsInput, ListGrantableRolesInput, RevokeGrantInput } from "./schemas";
export { assertMayManageRole, authorizeScope, type Scope, type ScopeTarget } from "./scope";
