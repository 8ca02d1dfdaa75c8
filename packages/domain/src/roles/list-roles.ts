import type { z } from "zod";

import { sql } from "drizzle-orm";
import { authorizeAndReadAll } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { AccountRolesInput } from "./schemas";
import { type RoleReadRows, type RoleView, roleQueries, roleViews } from "./load-roles";

/** Every role of the account (system and custom), for its owners' role management page. One round trip. */
export async function listRoles({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountRolesInput> }): Promise<RoleView[]> {
  const { accountId } = parseInput(AccountRolesInput, input);
  const [, rows] = await authorizeAndReadAll<RoleReadRows>(
    ctx,
    "event.create",
    { kind: "account", accountId },
    roleQueries(sql`${accountId}`),
  );
  return roleViews(rows);
}
