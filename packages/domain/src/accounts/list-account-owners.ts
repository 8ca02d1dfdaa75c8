import type { z } from "zod";

import { sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { AccountIdInput } from "./schemas";
import { type AccountOwner, type OwnerRow, toOwner } from "./owners";

/** The account's owners, longest-standing first. Owners only. */
export async function listAccountOwners({ ctx, input }: { ctx: Ctx; input: z.input<typeof AccountIdInput> }): Promise<AccountOwner[]> {
  const { accountId } = parseInput(AccountIdInput, input);
  const [, rows] = await authorizeAndRead<OwnerRow>(
    ctx,
    "account.manage",
    { kind: "account", accountId },
    sql`SELECT o.user_id, u.email, u.name, o.created_at FROM account_ownership o JOIN users u ON u.id = o.user_id
        WHERE o.account_id = ${accountId} ORDER BY o.created_at, u.email`,
  );
  return rows.map(toOwner);
}
