import type { z } from "zod";
import { roles } from "@greenroom/db/webapp/schema";
import { eq, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { DomainError, notFound, parseInput } from "../errors";
import { RoleIdInput } from "./schemas";
import { customRoleForChange } from "./custom-role";

/** Deletes a custom role that no grant, invitation or pending profile uses. Roles inheriting it lose that link. */
export async function deleteRole({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoleIdInput> }): Promise<void> {
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
