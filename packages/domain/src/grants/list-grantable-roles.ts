import type { z } from "zod";

import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { type GrantableRole, grantableRoles } from "./roles";
import { authorizeScope } from "./scope";
import { ListGrantableRolesInput } from "./schemas";

/** The roles the actor may pick from when inviting to or granting on this event. */
export async function listGrantableRoles({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListGrantableRolesInput> }): Promise<GrantableRole[]> {
  const { eventId } = parseInput(ListGrantableRolesInput, input);
  const target = await authorizeScope(ctx, "access.manage", { eventId, roomId: null }, { forChange: false });
  const roles = await grantableRoles(ctx, target.accountId);
  // Offer only what the actor could actually hand out.
  return roles.filter((role) => target.isOwner || role.permissions.every((p) => target.permissions.has(p)));
}
