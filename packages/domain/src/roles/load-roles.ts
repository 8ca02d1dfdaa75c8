import { type SQL, sql } from "drizzle-orm";
import { PERMISSION_KEYS, type PermissionKey, readBatch, SYSTEM_ROLES } from "../access";
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

type RoleRow = { id: string; key: string; name: string; description: string; account_id: string | null };
type RolePermissionRow = { role_id: string; key: string };
type InheritanceRow = { role_id: string; inherits_role_id: string };

/** The rows `roleViews` needs, as `roleQueries` reads them. */
export type RoleReadRows = [RoleRow[], RolePermissionRow[], InheritanceRow[]];

/**
 * The three reads behind `roleViews` for the account `accountId` (a value or a SQL expression, such as the account
 * a page picked in the same batch): the system roles and the account's own, their permissions and inheritances.
 * Raw statements, so a page can put them in its own batch.
 */
export function roleQueries(accountId: SQL): [SQL, SQL, SQL] {
  const visible = (alias: SQL) => sql`(${alias}.account_id IS NULL OR ${alias}.account_id = ${accountId})`;
  return [
    sql`SELECT r.id, r.key, r.name, r.description, r.account_id FROM roles r
        WHERE ${visible(sql.raw("r"))} ORDER BY r.created_at ASC, r.name ASC`,
    sql`SELECT rp.role_id, p.key FROM role_permissions rp
        JOIN permissions p ON p.id = rp.permission_id
        JOIN roles r ON r.id = rp.role_id
        WHERE ${visible(sql.raw("r"))}`,
    sql`SELECT ri.role_id, ri.inherits_role_id FROM role_inheritances ri
        JOIN roles r ON r.id = ri.role_id
        WHERE ${visible(sql.raw("r"))}`,
  ];
}

/** The system roles plus one account's custom roles, with their permissions and inheritance resolved. */
export async function loadRoles(ctx: Ctx, accountId: string): Promise<RoleView[]> {
  return roleViews((await readBatch(ctx, roleQueries(sql`${accountId}`))) as RoleReadRows);
}

/** Resolves the rows of `roleQueries` into views: system roles first in their order, then custom ones by age. */
export function roleViews([roleRows, permissionRows, inheritanceRows]: RoleReadRows): RoleView[] {
  const byId = new Map(roleRows.map((r) => [r.id, r]));
  const direct = new Map<string, PermissionKey[]>();
  for (const row of permissionRows) direct.set(row.role_id, [...(direct.get(row.role_id) ?? []), row.key as PermissionKey]);
  const parents = new Map<string, string[]>();
  for (const row of inheritanceRows) {
    if (byId.has(row.inherits_role_id)) parents.set(row.role_id, [...(parents.get(row.role_id) ?? []), row.inherits_role_id]);
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
        system: role.account_id === null,
        permissions: order(direct.get(role.id) ?? []),
        inherits: (parents.get(role.id) ?? []).map(ref),
        chain: chain.map(ref),
        effectivePermissions: order(effective),
      };
    });
}
