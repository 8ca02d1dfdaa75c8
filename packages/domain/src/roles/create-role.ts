import { slugOf } from "../slug";
import type { z } from "zod";
import { roles } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { auditEntry, authorize } from "../access";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { DomainError, parseInput } from "../errors";
import { CreateRoleInput } from "./schemas";
import type { RoleRef } from "./load-roles";
import { OWNER_ROLE_ID, checkInheritable, insertPermissions, isUniqueViolation } from "./custom-role";

/** Creates a custom role with its permissions and inherited roles, atomically and audited. */
export async function createRole({ ctx, input }: { ctx: Ctx; input: z.input<typeof CreateRoleInput> }): Promise<RoleRef & { key: string }> {
  const data = parseInput(CreateRoleInput, input);
  await authorize(ctx, "roles.manage", { kind: "account", accountId: data.accountId });
  const inherits = [...new Set(data.inherits)];
  await checkInheritable(ctx, data.accountId, inherits, "inherits");
  const role = { id: createId(), key: data.key ?? slugOf(data.name, "role"), name: data.name, description: data.description };
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
