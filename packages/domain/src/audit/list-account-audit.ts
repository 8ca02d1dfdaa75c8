import type { z } from "zod";
import { sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { type AuditPage, type AuditRow, auditPage, auditQuery } from "./query";
import { ListAccountAuditInput } from "./schemas";

/** The account's audit log, newest first, with the actor's email. Owners only (audit.view). */
export async function listAccountAudit({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListAccountAuditInput> }): Promise<AuditPage> {
  const { accountId, before, limit } = parseInput(ListAccountAuditInput, input);
  const [, rows] = await authorizeAndRead<AuditRow>(
    ctx,
    "audit.view",
    { kind: "account", accountId },
    auditQuery(sql`a.account_id = ${accountId}`, before, limit),
  );
  return auditPage(rows, limit);
}
