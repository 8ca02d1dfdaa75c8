import type { z } from "zod";

import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { AdminListUsersInput } from "./schemas";
import { type AdminUser, PAGE, adminRead, parseAdminInput, date, likeAny } from "./platform-admin";

/** Users by email (matching email or name), 50 at a time after the `after` email. */
export async function adminListUsers({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof AdminListUsersInput>;
}): Promise<{ users: AdminUser[]; nextAfter: string | null }> {
  const { q, after } = await parseAdminInput(ctx, AdminListUsersInput, input ?? {});
  const rows = await adminRead<{
    id: string;
    email: string;
    name: string;
    platform_role: "user" | "admin";
    disabled_at: number | null;
    created_at: number;
    account_count: number;
  }>(
    ctx,
    sql`SELECT u.id, u.email, u.name, u.platform_role, u.disabled_at, u.created_at,
               (SELECT COUNT(*) FROM account_ownership o WHERE o.user_id = u.id) AS account_count
        FROM users u
        WHERE ${q ? sql`(u.email LIKE ${likeAny(q)} ESCAPE '\\' OR u.name LIKE ${likeAny(q)} ESCAPE '\\')` : sql`1 = 1`}
          ${after ? sql`AND u.email > ${after}` : sql``}
        ORDER BY u.email
        LIMIT ${PAGE + 1}`,
  );
  const page = rows.slice(0, PAGE);
  return {
    users: page.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      platformRole: r.platform_role,
      disabledAt: date(r.disabled_at),
      createdAt: new Date(r.created_at * 1000),
      accountCount: r.account_count,
    })),
    nextAfter: rows.length > PAGE ? (page[page.length - 1]?.email ?? null) : null,
  };
}
