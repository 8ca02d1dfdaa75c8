export { createRole } from "./create-role";
export { deleteRole } from "./delete-role";
export { listRoles } from "./list-roles";
export type { RoleRef, RoleView } from "./load-roles";
export { addRoleInheritance, removeRoleInheritance } from "./role-inheritance";
export {
  AccountRolesInput,
  CreateRoleInput,
  RoleIdInput,
  RoleInheritanceInput,
  UpdateRolePermissionsInput,
} from "./schemas";
export { updateRolePermissions } from "./update-role-permissions";
