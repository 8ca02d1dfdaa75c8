import type { z } from "zod";
import { sql } from "drizzle-orm";
import { batchStatements } from "../batch";
import { type Ctx, unixSeconds } from "../context";
import { parseInput } from "../errors";
import { readBatch } from "../access";
import { OperationEndInput, OperationIdInput, OperationStepInput } from "./schemas";
import { OPERATION_LEASE_SECONDS, type OperationForFlow, operationFromRow } from "./shared";

// The Workflows' bookkeeping on the operations row. Each is one conditional UPDATE keyed by the operation id, the
// Workflow instance doing the work (an instance the reconciler or an admin superseded changes nothing) and the state it
// expects; each answers whether it changed the row. Progress renews the deadline, so only a stalled flow looks stuck.

async function update(ctx: Ctx, statement: ReturnType<typeof sql>): Promise<boolean> {
  const [result] = await batchStatements(ctx, [statement]);
  return (result?.meta.changes ?? 0) > 0;
}

/** `public_error = …`: a string sets the tenant's message, null clears it, undefined keeps it. */
const publicErrorSet = (publicError: string | null | undefined) =>
  publicError === undefined ? sql`public_error = public_error` : sql`public_error = ${publicError}`;

const lease = (ctx: Ctx) => {
  const at = unixSeconds(ctx.now());
  return sql`updated_at = ${at}, deadline_at = ${at + OPERATION_LEASE_SECONDS}`;
};

/** The operation and its params, for a Workflow (its own key is the credential: the workers app is the only caller). */
export async function loadOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationIdInput> }): Promise<OperationForFlow | null> {
  const { operationId } = parseInput(OperationIdInput, input);
  const [rows] = await readBatch(ctx, [sql`SELECT * FROM operations WHERE id = ${operationId}`]);
  const row = rows?.[0] as Record<string, unknown> | undefined;
  return row ? operationFromRow(row) : null;
}

// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function recordOperationStep({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationStepInput> }): Promise<boolean> {
  const { operationId, instanceId, step } = parseInput(OperationStepInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET step = ${step}, ${lease(ctx)}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state IN ('running', 'compensating')`,
  );
}

// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function completeOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationEndInput> }): Promise<boolean> {
  const { operationId, instanceId, result } = parseInput(OperationEndInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET state = 'completed', step = 'done', last_error = NULL,
          result = json_patch(COALESCE(result, '{}'), ${JSON.stringify(result ?? {})}), ${lease(ctx)}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state = 'running'`,
  );
}

// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function beginCompensation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationEndInput> }): Promise<boolean> {
  const { operationId, instanceId, error, publicError } = parseInput(OperationEndInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET state = 'compensating', last_error = COALESCE(${error ?? null}, last_error), ${publicErrorSet(publicError)}, ${lease(ctx)}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state IN ('running', 'compensating')`,
  );
}

// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function finishCompensation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationEndInput> }): Promise<boolean> {
  const { operationId, instanceId } = parseInput(OperationEndInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET state = 'compensated', step = 'compensated', ${lease(ctx)}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state = 'compensating'`,
  );
}

// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function failOperation({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationEndInput> }): Promise<boolean> {
  const { operationId, instanceId, error, publicError } = parseInput(OperationEndInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET state = 'failed', last_error = ${error ?? "failed"}, ${publicErrorSet(publicError)}, ${lease(ctx)}
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state IN ('running', 'compensating')`,
  );
}

/**
 * A step failed for good past the flow's point of no return: the error is noted, the operation marked forward-only
 * (`result.forwardOnly`, so no one compensates it), and the reconciler resumes it.
 */
// verb-exempt: Workflow bookkeeping; the flow was authorized when its operation row was inserted, and the row is the audit
export async function noteOperationError({ ctx, input }: { ctx: Ctx; input: z.input<typeof OperationEndInput> }): Promise<boolean> {
  const { operationId, instanceId, error, publicError } = parseInput(OperationEndInput, input);
  return update(
    ctx,
    sql`UPDATE operations SET last_error = ${error ?? "failed"}, ${publicErrorSet(publicError)}, updated_at = ${unixSeconds(ctx.now())},
          result = json_set(COALESCE(result, '{}'), '$.forwardOnly', json('true'))
        WHERE id = ${operationId} AND instance_id = ${instanceId} AND state IN ('running', 'compensating')`,
  );
}
