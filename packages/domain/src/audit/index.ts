import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { AuditCursor, type AuditPage, type AuditRow, auditPage, auditQuery } from "./query";

export type { AuditEntryView, AuditPage } from "./query";

export const ListAccountAuditInput = z.object({
  accountId: z.string().min(1).max(64),
  before: AuditCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ListAccountAuditInput = z.infer<typeof ListAccountAuditInput>;

/** The account's audit log, newest first, with the actor's email. Owners only (audit.view). */
export async function listAccountAudit({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AuditPage> {
  const { accountId, before, limit } = parseInput(ListAccountAuditInput, input);
  const [, rows] = await authorizeAndRead<AuditRow>(
    ctx,
    "audit.view",
    { kind: "account", accountId },
    auditQuery(sql`a.account_id = ${accountId}`, before, limit),
  );
  return auditPage(rows, limit);
}
