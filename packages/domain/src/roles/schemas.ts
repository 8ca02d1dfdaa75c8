import { z } from "zod";
import { ACCOUNT_PERMISSIONS, PERMISSION_KEYS, type PermissionKey } from "../access";
import { Id } from "../ids";

export const PermissionList = z
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

export const RoleKey = z.preprocess(
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
