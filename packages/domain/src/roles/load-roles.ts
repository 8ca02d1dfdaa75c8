import { permissions, roles, roleToPermissions, rolesInheritances } from "@greenroom/db/webapp/schema";
import { asc, eq, isNull, or } from "drizzle-orm";
import { PERMISSION_KEYS, type PermissionKey, SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";

export type RoleRef = { id: string; name: string };

export type RoleView = {
  id: string;
  key: string;
  name: string;
  description: string;
  /** Built-in roles (no account) can be used by every account but changed by none. */
  system: boolean;
  /** Permissions given directly to the role. */
  permissions: PermissionKey[];
  /** Roles this role inherits directly. */
  inherits: RoleRef[];
  /** Every role reached through inheritance, nearest first. */
  chain: RoleRef[];
  /** Direct and inherited permissions together. */
  effectivePermissions: PermissionKey[];
};

/** The system roles plus one account's custom roles, with their permissions and inheritance resolved. */
export async function loadRoles(ctx: Ctx, accountId: string): Promise<RoleView[]> {
  const visible = or(isNull(roles.accountId), eq(roles.accountId, accountId));
  const [roleRows, permissionRows, inheritanceRows] = await ctx.db.batch([
    ctx.db.select().from(roles).where(visible).orderBy(asc(roles.createdAt), asc(roles.name)),
    ctx.db
      .select({ roleId: roleToPermissions.roleId, key: permissions.key })
      .from(roleToPermissions)
      .innerJoin(permissions, eq(permissions.id, roleToPermissions.permissionId))
      .innerJoin(roles, eq(roles.id, roleToPermissions.roleId))
      .where(visible),
    ctx.db
      .select({ roleId: rolesInheritances.roleId, inheritsRoleId: rolesInheritances.inheritsRoleId })
      .from(rolesInheritances)
      .innerJoin(roles, eq(roles.id, rolesInheritances.roleId))
      .where(visible),
  ]);
  const byId = new Map(roleRows.map((r) => [r.id, r]));
  const direct = new Map<string, PermissionKey[]>();
  for (const row of permissionRows) direct.set(row.roleId, [...(direct.get(row.roleId) ?? []), row.key as PermissionKey]);
  const parents = new Map<string, string[]>();
  for (const row of inheritanceRows) {
    if (byId.has(row.inheritsRoleId)) parents.set(row.roleId, [...(parents.get(row.roleId) ?? []), row.inheritsRoleId]);
  }
  const ref = (id: string): RoleRef => ({ id, name: byId.get(id)?.name ?? id });
  const order = (keys: Iterable<PermissionKey>) => PERMISSION_KEYS.filter((k) => new Set(keys).has(k));
  const systemOrder = Object.values(SYSTEM_ROLES).map((r) => r.id as string);
  const rank = (id: string) => (systemOrder.includes(id) ? systemOrder.indexOf(id) : systemOrder.length);

  return [...roleRows]
    .sort((a, b) => rank(a.id) - rank(b.id))
    .map((role) => {
      const chain: string[] = [];
      const queue = [...(parents.get(role.id) ?? [])];
      while (queue.length > 0) {
        const next = queue.shift() as string;
        if (next === role.id || chain.includes(next)) continue;
        chain.push(next);
        queue.push(...(parents.get(next) ?? []));
      }
      const effective = [role.id, ...chain].flatMap((id) => direct.get(id) ?? []);
      return {
        id: role.id,
        key: role.key,
        name: role.name,
        description: role.description,
        system: role.accountId === null,
        permissions: order(direct.get(role.id) ?? []),
        inherits: (parents.get(role.id) ?? []).map(ref),
        chain: chain.map(ref),
        effectivePermissions: order(effective),
      };
    });
}
