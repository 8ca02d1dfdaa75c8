import type { z } from "zod";
import type { ReconcileOutcome } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { auditEntry } from "../access";
import { adminRead, parseAdminInput, requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { DomainError, notFound } from "../errors";
import { AdminOperationActionInput, AdminOperationsInput } from "./schemas";
import { type OperationView, operationFromRow, toAdminView } from "./shared";

export const ADMIN_OPERATIONS_LIMIT = 100;

/** The admin dashboard's operations: by state, or only the stuck ones (unfinished past their deadline), newest first. */
export async function adminOperations({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminOperationsInput> }): Promise<OperationView[]> {
  const { state, stuck } = await parseAdminInput(ctx, AdminOperationsInput, input);
  const rows = await adminRead<Record<string, unknown>>(
    ctx,
    sql`SELECT * FROM operations
        WHERE (${state ?? null} IS NULL OR state = ${state ?? null})
          AND (${stuck ? 1 : 0} = 0 OR (state IN ('running', 'compensating') AND deadline_at < ${unixSeconds(ctx.now())}))
        ORDER BY created_at DESC, rowid DESC LIMIT ${ADMIN_OPERATIONS_LIMIT}`,
  );
  // Admins see the raw error text (provider, database); tenants only ever get the mapped message.
  return rows.map((row) => toAdminView(operationFromRow(row)));
}

/**
 * A platform admin's Retry (run the flow forward again) or Compensate (undo it) on a stuck or failed operation: the
 * audit row, then the reconciler's pass for this one operation in the workers app, which resumes it as a new
 * Workflow instance. A deletion that has removed rows from a shard only rolls forward (conflict).
 */
export async function adminOperationAction({ ctx, input }: { ctx: Ctx; input: z.input<typeof AdminOperationActionInput> }): Promise<ReconcileOutcome> {
  const admin = await requirePlatformAdmin(ctx);
  const { operationId, action } = await parseAdminInput(ctx, AdminOperationActionInput, input);
  await batchStatements(ctx, [
    auditEntry(ctx, { accountId: null, action: `operation.${action}`, targetType: "operation", targetId: operationId, after: { by: admin.userId } }),
  ]);
  const result = await ctx.stage.reconcile({ operationId, action });
  if (!result.ok) throw new DomainError(result.code, result.message);
  const outcome = result.value.outcomes[0];
  if (!outcome) throw notFound("No unfinished or failed operation with this id");
  if (outcome.did === "failed") throw new DomainError("conflict", "The new run could not be started; the operation's error says why.");
  return outcome;
}
