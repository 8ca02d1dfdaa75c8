import { permissions, roles, roleToPermissions, rolesInheritances } from "@greenroom/db/webapp/schema";
import { eq, sql } from "drizzle-orm";
import { authorize, PERMISSION_KEYS, type PermissionKey, SYSTEM_ROLES } from "../access";
import { type Ctx, requireActor } from "../context";
import { invalid, notFound } from "../errors";

export const OWNER_ROLE_ID = SYSTEM_ROLES.owner.id;

export const insertPermissions = (roleId: string, keys: readonly PermissionKey[]) => sql`
  INSERT INTO role_permissions (role_id, permission_id)
  SELECT ${roleId}, p.id FROM permissions p
  WHERE p.key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))
    AND EXISTS (SELECT 1 FROM roles WHERE id = ${roleId})`;

/** Roles a custom role of `accountId` may inherit: system roles other than owner, and the account's own roles. */
export async function checkInheritable(ctx: Ctx, accountId: string, ids: readonly string[], field: string) {
  if (ids.length === 0) return [];
  const rows = await ctx.db
    .select({ id: roles.id, name: roles.name, accountId: roles.accountId })
    .from(roles)
    .where(sql`${roles.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`);
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const role = found.get(id);
    if (!role || (role.accountId !== null && role.accountId !== accountId)) throw notFound("Role not found");
    if (role.id === OWNER_ROLE_ID) {
      throw invalid("The owner role cannot be inherited", { [field]: ["Owner comes with owning the account; a role cannot inherit it"] });
    }
  }
  return rows;
}

export const isUniqueViolation = (error: unknown) => /UNIQUE/i.test(String((error as { cause?: unknown })?.cause ?? error));

export type CustomRole = {
  id: string;
  accountId: string;
  key: string;
  name: string;
  description: string;
  permissions: PermissionKey[];
  inherits: string[];
};

/**
 * A custom role the actor may change (roles.manage on its account), with its current permissions and inherited
 * roles. System roles and other tenants' roles answer not_found.
 */
export async function customRoleForChange(ctx: Ctx, roleId: string): Promise<CustomRole> {
  requireActor(ctx);
  const [roleRows, permissionRows, inheritanceRows] = await ctx.db.batch([
    ctx.db.select().from(roles).where(eq(roles.id, roleId)).limit(1),
    ctx.db
      .select({ key: permissions.key })
      .from(roleToPermissions)
      .innerJoin(permissions, eq(permissions.id, roleToPermissions.permissionId))
      .where(eq(roleToPermissions.roleId, roleId)),
    ctx.db
      .select({ id: rolesInheritances.inheritsRoleId })
      .from(rolesInheritances)
      .where(eq(rolesInheritances.roleId, roleId)),
  ]);
  const role = roleRows[0];
  if (!role?.accountId) throw notFound("Role not found");
  await authorize(ctx, "roles.manage", { kind: "account", accountId: role.accountId });
  return {
    id: role.id,
    accountId: role.accountId,
    key: role.key,
    name: role.name,
    description: role.description,
    permissions: PERMISSION_KEYS.filter((k) => permissionRows.some((p) => p.key === k)),
    inherits: inheritanceRows.map((r) => r.id).sort(),
  };
}
