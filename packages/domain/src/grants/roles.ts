import { type SQL, sql } from "drizzle-orm";
import { PERMISSION_KEYS, type PermissionKey, SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";

export type GrantableRole = {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  /** Every permission the role carries, inheritance included. */
  permissions: PermissionKey[];
};

export type RoleRef = { roleId?: string | undefined; roleKey?: string | undefined };

const NOT_GRANTABLE = Object.values(SYSTEM_ROLES)
  .filter((r) => !r.grantable)
  .map((r) => r.id);
export const SYSTEM_ORDER: string[] = Object.values(SYSTEM_ROLES).map((r) => r.id);

/** The roles one account may grant: the grantable system roles and the account's own custom roles. */
function grantableIn(accountId: string | SQL): SQL {
  return sql`(r.account_id = ${accountId} OR (r.account_id IS NULL AND r.id NOT IN (${sql.join(
    NOT_GRANTABLE.map((id) => sql`${id}`),
    sql`, `,
  )})))`;
}

export type RoleRow = { id: string; key: string; name: string; account_id: string | null; permissions: string | null };

export function toRole(row: RoleRow): GrantableRole {
  const keys = new Set(JSON.parse(row.permissions ?? "[]") as string[]);
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    custom: row.account_id !== null,
    permissions: PERMISSION_KEYS.filter((k) => keys.has(k)),
  };
}

export const permissionsOfRole = sql`(
  WITH RECURSIVE closure(role_id) AS (
    SELECT r.id UNION SELECT ri.inherits_role_id FROM role_inheritances ri JOIN closure c ON ri.role_id = c.role_id
  )
  SELECT json_group_array(DISTINCT p.key) FROM closure c
  JOIN role_permissions rp ON rp.role_id = c.role_id JOIN permissions p ON p.id = rp.permission_id
)`;

/**
 * The grantable role an id or key names in this account, with its permissions; null when there is none.
 * A custom role wins over a system role with the same key.
 */
export async function resolveRole(ctx: Ctx, accountId: string, ref: RoleRef): Promise<GrantableRole | null> {
  const rows = await ctx.db.all<RoleRow>(roleQuery(accountId, ref));
  return rows[0] ? toRole(rows[0]) : null;
}

/** `resolveRole` as one read (RoleRow, at most one) for a batch; `accountId` may be a SQL expression. */
export function roleQuery(accountId: string | SQL, ref: RoleRef): SQL {
  const match = ref.roleId ? sql`r.id = ${ref.roleId}` : sql`r.key = ${ref.roleKey ?? ""}`;
  return sql`
    SELECT r.id, r.key, r.name, r.account_id, ${permissionsOfRole} AS permissions
    FROM roles r
    WHERE ${match} AND ${grantableIn(accountId)}
    ORDER BY r.account_id IS NULL
    LIMIT 1`;
}

/** Grantable roles of an account: system roles from most to least powerful, then custom roles by name. */
export async function grantableRoles(ctx: Ctx, accountId: string): Promise<GrantableRole[]> {
  const rows = await ctx.db.all<RoleRow>(sql`
    SELECT r.id, r.key, r.name, r.account_id, ${permissionsOfRole} AS permissions
    FROM roles r
    WHERE ${grantableIn(accountId)}
    ORDER BY r.account_id IS NOT NULL, r.name`);
  const roles = rows.map(toRole);
  const rank = (r: GrantableRole) => (r.custom ? SYSTEM_ORDER.length : SYSTEM_ORDER.indexOf(r.id));
  return roles.sort((a, b) => rank(a) - rank(b));
}
