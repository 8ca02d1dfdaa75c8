import type { z } from "zod";

import { sql } from "drizzle-orm";
import { type AuditPage, type AuditRow, auditPage, auditQuery } from "../audit/query";
import type { Ctx } from "../context";
import { AdminListAuditInput } from "./schemas";
import { PAGE, adminRead, parseAdminInput } from "./platform-admin";

/** The whole platform's audit log, newest first, including platform-level actions (no account). */
export async function adminListAudit({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminListAuditInput> }): Promise<AuditPage> {
  const { after } = await parseAdminInput(ctx, AdminListAuditInput, input ?? {});
  return auditPage(await adminRead<AuditRow>(ctx, auditQuery(sql`1 = 1`, after, PAGE)), PAGE);
}
