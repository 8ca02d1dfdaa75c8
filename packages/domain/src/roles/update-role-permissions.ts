import type { z } from "zod";
import { roleToPermissions } from "@greenroom/db/webapp/schema";
import { eq } from "drizzle-orm";
import { auditEntry, PERMISSION_KEYS } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { UpdateRolePermissionsInput } from "./schemas";
import { customRoleForChange, insertPermissions } from "./custom-role";

/** Replaces a custom role's own permissions. */
export async function updateRolePermissions({ ctx, input }: { ctx: Ctx; input: z.input<typeof UpdateRolePermissionsInput> }): Promise<void> {
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
