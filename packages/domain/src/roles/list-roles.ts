import type { z } from "zod";

import { authorize } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { AccountRolesInput } from "./schemas";
import { type RoleView, loadRoles } from "./load-roles";

/** Every role of the account (system and custom), for its owners' role management page. */
export async function listRoles({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountRolesInput> }): Promise<RoleView[]> {
  const { accountId } = parseInput(AccountRolesInput, input);
  await authorize(ctx, "event.create", { kind: "account", accountId });
  return loadRoles(ctx, accountId);
}
