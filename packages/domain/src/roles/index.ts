import { permissions, roles, roleToPermissions, rolesInheritances } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import {
  ACCOUNT_PERMISSIONS,
  auditEntry,
  authorize,
  conditionalAuditEntry,
  PERMISSION_KEYS,
  type PermissionKey,
  SYSTEM_ROLES,
} from "../access";
import { batchStatements } from "../batch";
import { type Ctx, requireActor } from "../context";
import { DomainError, invalid, notFound, parseInput } from "../errors";

const OWNER_ROLE_ID = SYSTEM_ROLES.owner.id;

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

const Id = z.string().min(1).max(64);

const PermissionList = z
  .array(z.string().max(64))
  .max(PERMISSION_KEYS.length, "Too many permissions")
  .superRefine((keys, issues) => {
    const ownerOnly = keys.filter((k) => ACCOUNT_PERMISSIONS.includes(k as PermissionKey));
    if (ownerOnly.length > 0) {
      issues.addIssue({
        code: "custom",
        message: `Only account owners hold ${ownerOnly.join(", ")}; a role cannot carry it`,
      });
    }
    const unknown = keys.filter((k) => !PERMISSION_KEYS.includes(k as PermissionKey));
    if (unknown.length > 0) issues.addIssue({ code: "custom", message: `Unknown permission: ${unknown.join(", ")}` });
  })
  .transform((keys) => [...new Set(keys)] as PermissionKey[]);

const RoleKey = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, "Use lowercase letters, digits, - and _ (up to 48)")
    .optional(),
);

export const AccountRolesInput = z.object({ accountId: Id });
export type AccountRolesInput = z.infer<typeof AccountRolesInput>;


export const CreateRoleInput = z
  .object({
    accountId: Id,
    name: z.string().trim().min(1, "Name the role").max(80, "Use at most 80 characters"),
    key: RoleKey,
    description: z.string().trim().max(500, "Use at most 500 characters").default(""),
    permissions: PermissionList.default([]),
    inherits: z.array(Id).max(20, "Inherit at most 20 roles").default([]),
  })
  .refine((role) => role.permissions.length > 0 || role.inherits.length > 0, {
    path: ["permissions"],
    message: "Choose at least one permission or a role to inherit",
  });
export type CreateRoleInput = z.infer<typeof CreateRoleInput>;

export const UpdateRolePermissionsInput = z.object({ roleId: Id, permissions: PermissionList });
export type UpdateRolePermissionsInput = z.infer<typeof UpdateRolePermissionsInput>;

export const RoleInheritanceInput = z.object({ roleId: Id, inheritsRoleId: Id });
export type RoleInheritanceInput = z.infer<typeof RoleInheritanceInput>;

export const RoleIdInput = z.object({ roleId: Id });
export type RoleIdInput = z.infer<typeof RoleIdInput>;

/** The system roles plus one account's custom roles, with their permissions and inheritance resolved. */
async function loadRoles(ctx: Ctx, accountId: string): Promise<RoleView[]> {
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

/** Every role of the account (system and custom), for its owners' role management page. */
export async function listRoles({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoleView[]> {
  const { accountId } = parseInput(AccountRolesInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId });
  return loadRoles(ctx, accountId);
}

function keyFor(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return slug || "role";
}

const insertPermissions = (roleId: string, keys: readonly PermissionKey[]) => sql`
  INSERT INTO role_permissions (role_id, permission_id)
  SELECT ${roleId}, p.id FROM permissions p
  WHERE p.key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))
    AND EXISTS (SELECT 1 FROM roles WHERE id = ${roleId})`;

/** Roles a custom role of `accountId` may inherit: system roles other than owner, and the account's own roles. */
async function checkInheritable(ctx: Ctx, accountId: string, ids: readonly string[], field: string) {
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

const isUniqueViolation = (error: unknown) => /UNIQUE/i.test(String((error as { cause?: unknown })?.cause ?? error));

/** Creates a custom role with its permissions and inherited roles, atomically and audited. */
export async function createRole({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RoleRef & { key: string }> {
  const data = parseInput(CreateRoleInput, input);
  await authorize(ctx, "roles.manage", { kind: "account", accountId: data.accountId });
  const inherits = [...new Set(data.inherits)];
  await checkInheritable(ctx, data.accountId, inherits, "inherits");
  const role = { id: createId(), key: data.key ?? keyFor(data.name), name: data.name, description: data.description };
  try {
    await batchStatements(ctx, [
      ctx.db.insert(roles).values({ ...role, accountId: data.accountId, createdAt: ctx.now() }),
      insertPermissions(role.id, data.permissions),
      sql`INSERT INTO role_inheritances (role_id, inherits_role_id)
          SELECT ${role.id}, r.id FROM roles r
          WHERE r.id IN (SELECT value FROM json_each(${JSON.stringify(inherits)})) AND r.id <> ${OWNER_ROLE_ID}
            AND (r.account_id IS NULL OR r.account_id = ${data.accountId})`,
      auditEntry(ctx, {
        accountId: data.accountId,
        action: "role.created",
        targetType: "role",
        targetId: role.id,
        before: null,
        after: { ...role, permissions: data.permissions, inherits },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", "A role with this key already exists", {
        fieldErrors: { key: [`The key “${role.key}” is taken in this account; choose another`] },
      });
    }
    throw error;
  }
  return { id: role.id, key: role.key, name: role.name };
}

type CustomRole = {
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
async function customRoleForChange(ctx: Ctx, roleId: string): Promise<CustomRole> {
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

/** Replaces a custom role's own permissions. */
export async function updateRolePermissions({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const data = parseInput(UpdateRolePermissionsInput, input);
  const role = await customRoleForChange(ctx, data.roleId);
  await batchStatements(ctx, [
    ctx.db.delete(roleToPermissions).where(eq(roleToPermissions.roleId, role.id)),
    insertPermissions(role.id, data.permissions),
    auditEntry(ctx, {
      accountId: role.accountId,
      action: "role.permissions_updated",
      targetType: "role",
      targetId: role.id,
      before: { permissions: role.permissions },
      after: { permissions: PERMISSION_KEYS.filter((k) => data.permissions.includes(k)) },
    }),
  ]);
}

/**
 * Makes `roleId` inherit `inheritsRoleId`. The cycle check runs inside the INSERT: it walks up from the role to be
 * inherited, and inserts nothing if that walk reaches `roleId` (which also covers a role inheriting itself).
 */
export async function addRoleInheritance({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const { roleId, inheritsRoleId } = parseInput(RoleInheritanceInput, input);
  const role = await customRoleForChange(ctx, roleId);
  const [parent] = await checkInheritable(ctx, role.accountId, [inheritsRoleId], "inheritsRoleId");
  const [inserted] = await batchStatements(ctx, [
    sql`INSERT INTO role_inheritances (role_id, inherits_role_id)
        SELECT ${roleId}, ${inheritsRoleId}
        WHERE NOT EXISTS (
          WITH RECURSIVE up(id) AS (
            SELECT ${inheritsRoleId}
            UNION
            SELECT ri.inherits_role_id FROM role_inheritances ri JOIN up ON ri.role_id = up.id
          )
          SELECT 1 FROM up WHERE id = ${roleId}
        )
        ON CONFLICT DO NOTHING`,
    conditionalAuditEntry(ctx, {
      accountId: role.accountId,
      action: "role.inheritance_added",
      targetType: "role",
      targetId: roleId,
      before: { inherits: role.inherits },
      after: { inherits: [...role.inherits, inheritsRoleId].sort() },
    }),
  ]);
  if (inserted?.meta.changes) return;
  const [existing] = await ctx.db
    .select({ roleId: rolesInheritances.roleId })
    .from(rolesInheritances)
    .where(and(eq(rolesInheritances.roleId, roleId), eq(rolesInheritances.inheritsRoleId, inheritsRoleId)));
  if (existing) {
    throw new DomainError("conflict", `${role.name} already inherits ${parent?.name ?? "that role"}`, {
      fieldErrors: { inheritsRoleId: [`${role.name} already inherits ${parent?.name ?? "that role"}`] },
    });
  }
  throw invalid("That would make a cycle", {
    inheritsRoleId: [
      roleId === inheritsRoleId
        ? "A role cannot inherit itself"
        : `That would make a cycle: ${parent?.name ?? "that role"} already inherits ${role.name}`,
    ],
  });
}

export async function removeRoleInheritance({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const { roleId, inheritsRoleId } = parseInput(RoleInheritanceInput, input);
  const role = await customRoleForChange(ctx, roleId);
  const [deleted] = await batchStatements(ctx, [
    ctx.db
      .delete(rolesInheritances)
      .where(and(eq(rolesInheritances.roleId, roleId), eq(rolesInheritances.inheritsRoleId, inheritsRoleId))),
    conditionalAuditEntry(ctx, {
      accountId: role.accountId,
      action: "role.inheritance_removed",
      targetType: "role",
      targetId: roleId,
      before: { inherits: role.inherits },
      after: { inherits: role.inherits.filter((id) => id !== inheritsRoleId) },
    }),
  ]);
  if (!deleted?.meta.changes) throw notFound("That role does not inherit it");
}

/** Deletes a custom role that no grant, invitation or pending profile uses. Roles inheriting it lose that link. */
export async function deleteRole({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<void> {
  const { roleId } = parseInput(RoleIdInput, input);
  const role = await customRoleForChange(ctx, roleId);
  const [deleted] = await batchStatements(ctx, [
    sql`DELETE FROM roles
        WHERE id = ${roleId} AND account_id = ${role.accountId}
          AND NOT EXISTS (SELECT 1 FROM access_grants WHERE role_id = ${roleId})
          AND NOT EXISTS (SELECT 1 FROM invitations WHERE role_id = ${roleId})
          AND NOT EXISTS (SELECT 1 FROM pending_profiles WHERE role_id = ${roleId})`,
    conditionalAuditEntry(ctx, {
      accountId: role.accountId,
      action: "role.deleted",
      targetType: "role",
      targetId: roleId,
      before: {
        key: role.key,
        name: role.name,
        description: role.description,
        permissions: role.permissions,
        inherits: role.inherits,
      },
    }),
  ]);
  if (deleted?.meta.changes) return;
  const [still] = await ctx.db.select({ id: roles.id }).from(roles).where(eq(roles.id, roleId));
  if (!still) throw notFound("Role not found");
  throw new DomainError("conflict", "This role is in use: revoke its grants and invitations before deleting it");
}
