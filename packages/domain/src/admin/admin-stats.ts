import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { type AdminStats, adminRead } from "./platform-admin";

/** Totals for the dashboard's first screen. */
export async function adminStats({ ctx }: { ctx: Ctx }): Promise<AdminStats> {
  const [row] = await adminRead<{ users: number; disabled: number; accounts: number; events: number; active: number }>(
    ctx,
    sql`SELECT (SELECT COUNT(*) FROM users) AS users,
               (SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL) AS disabled,
               (SELECT COUNT(*) FROM accounts) AS accounts,
               (SELECT COUNT(*) FROM events) AS events,
               (SELECT COUNT(*) FROM events WHERE status = 'active') AS active`,
  );
  return {
    users: row?.users ?? 0,
    disabledUsers: row?.disabled ?? 0,
    accounts: row?.accounts ?? 0,
    events: row?.events ?? 0,
    activeEvents: row?.active ?? 0,
  };
}
