import type { z } from "zod";

import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { AdminSearchInput } from "./schemas";
import { type AdminAccount, LIST_LIMIT, adminRead, parseAdminInput, likeAny } from "./platform-admin";

/** Accounts (matching name or an owner's email), newest first, with their owners and event counts. */
export async function adminListAccounts({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminSearchInput> }): Promise<AdminAccount[]> {
  const { q } = await parseAdminInput(ctx, AdminSearchInput, input ?? {});
  const rows = await adminRead<{
    id: string;
    name: string;
    kind: "personal" | "organization";
    created_at: number;
    owner_emails: string;
    event_count: number;
  }>(
    ctx,
    sql`SELECT a.id, a.name, a.kind, a.created_at,
               (SELECT json_group_array(u.email) FROM account_ownership o JOIN users u ON u.id = o.user_id
                WHERE o.account_id = a.id) AS owner_emails,
               (SELECT COUNT(*) FROM events e WHERE e.account_id = a.id) AS event_count
        FROM accounts a
        WHERE ${
          q
            ? sql`(a.name LIKE ${likeAny(q)} ESCAPE '\\' OR EXISTS (
                  SELECT 1 FROM account_ownership o JOIN users u ON u.id = o.user_id
                  WHERE o.account_id = a.id AND u.email LIKE ${likeAny(q)} ESCAPE '\\'))`
            : sql`1 = 1`
        }
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT ${LIST_LIMIT}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    createdAt: new Date(r.created_at * 1000),
    ownerEmails: (JSON.parse(r.owner_emails) as string[]).sort(),
    eventCount: r.event_count,
  }));
}
