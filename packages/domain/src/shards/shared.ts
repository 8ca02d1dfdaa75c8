import { type SQL, sql } from "drizzle-orm";

/** The acting admin's standing, checked inside a write so a just-disabled admin's request changes nothing. */
export const platformAdminExists = (userId: string): SQL =>
  sql`EXISTS (SELECT 1 FROM users me WHERE me.id = ${userId} AND me.platform_role = 'admin' AND me.disabled_at IS NULL)`;
