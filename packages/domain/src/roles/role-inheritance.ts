import type { z } from "zod";
import { rolesInheritances } from "@greenroom/db/webapp/schema";
import { and, eq, sql } from "drizzle-orm";
import { conditionalAuditEntry } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { DomainError, invalid, notFound, parseInput } from "../errors";
import { RoleInheritanceInput } from "./schemas";
import { checkInheritable, customRoleForChange } from "./custom-role";

/**
 * Makes `roleId` inherit `inheritsRoleId`. The cycle check runs inside the INSERT: it walks up from the role to be
 * inherited, and inserts nothing if that walk reaches `roleId` (which also covers a role inheriting itself).
 */
export async function addRoleInheritance({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoleInheritanceInput> }): Promise<void> {
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

export async function removeRoleInheritance({ ctx, input }: { ctx: Ctx; input: z.input<typeof RoleInheritanceInput> }): Promise<void> {
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
