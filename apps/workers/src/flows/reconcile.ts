import {
  extendOperationDeadline,
  failOperation,
  type OperationForFlow,
  registerShards,
  resumeOperation,
  stuckOperations,
} from "@greenroom/domain/operations";
import {
  type FlowMode,
  type InstanceStatus,
  type OperationKind,
  type ReconcileInput,
  type ReconcileOutcome,
  ReconcileInput as ReconcileSchema,
  type StageResult,
} from "@greenroom/stage";
import { configOf, type WorkersEnv } from "../env";
import type { FlowPayload } from "./flow";
import { systemContext } from "./system-context";

/** After this many instances, a flow that only rolls forward is failed for an admin instead of resumed again. */
export const MAX_ATTEMPTS = 6;

const LIVE: readonly InstanceStatus[] = ["queued", "running", "paused", "waiting", "waitingForPause"];

// The steps before each flow's point of no return: while the operation is at one of them, it may be compensated.
const COMPENSABLE_STEPS: Record<OperationKind, readonly string[] | "any"> = {
  start_recording: "any",
  stop_recording: ["queued", "load operation", "mark stopping"],
  delete_event: ["queued", "load operation", "mark event deleting"],
  delete_user: ["queued", "load operation", "mark user deleting"],
};

export function mayCompensate(operation: Pick<OperationForFlow, "kind" | "step" | "state" | "result">): boolean {
  if (operation.state === "compensating") return true;
  if (operation.result?.forwardOnly === true) return false;
  const steps = COMPENSABLE_STEPS[operation.kind];
  return steps === "any" || steps.includes(operation.step) || operation.step.startsWith("undo: ");
}

export function workflowFor(env: WorkersEnv, kind: OperationKind): Workflow<FlowPayload> {
  const bindings = configOf(env).bindings;
  switch (kind) {
    case "start_recording":
      return bindings.START_RECORDING as Workflow<FlowPayload>;
    case "stop_recording":
      return bindings.STOP_RECORDING as Workflow<FlowPayload>;
    case "delete_event":
      return bindings.DELETE_EVENT as Workflow<FlowPayload>;
    case "delete_user":
      return bindings.DELETE_USER as Workflow<FlowPayload>;
  }
}

/** Creates the flow's Workflow instance; an instance with that id already existing is not an error (a repeat). */
export async function createInstance(env: WorkersEnv, kind: OperationKind, instanceId: string, payload: FlowPayload): Promise<boolean> {
  const workflow = workflowFor(env, kind);
  try {
    await workflow.create({ id: instanceId, params: payload });
    return true;
  } catch (error) {
    if ((await instanceStatus(env, kind, instanceId)).status !== "unknown") return false;
    throw error;
  }
}

export async function instanceStatus(env: WorkersEnv, kind: OperationKind, instanceId: string): Promise<{ status: InstanceStatus; error: string | null }> {
  let instance: WorkflowInstance;
  try {
    instance = await workflowFor(env, kind).get(instanceId);
  } catch {
    return { status: "unknown", error: null };
  }
  const status = await instance.status();
  return { status: status.status as InstanceStatus, error: status.error?.message ?? null };
}

/**
 * The reconciler's pass (the Cron Trigger, and the `reconcile` RPC for tests and the admin buttons). It registers the
 * configured shards, then looks at each operation stuck past its deadline: a live instance gets its deadline pushed;
 * an errored, terminated, finished-but-unrecorded or unknown one is resumed as `<id>-r<attempt>` — compensating a
 * start recording (and any operation already compensating), rolling the others forward. With `operationId`, only that
 * operation, now, and `action` chooses: retry runs it forward, compensate undoes it (refused past the point of no return).
 */
export async function reconcile(env: WorkersEnv, raw: ReconcileInput): Promise<StageResult<{ outcomes: ReconcileOutcome[]; shardsRegistered: number }>> {
  const parsed = ReconcileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid", message: parsed.error.issues[0]?.message ?? "invalid input" };
  const { operationId, action } = parsed.data;
  const ctx = systemContext(env);
  const shardsRegistered = await registerShards({ ctx, input: { ids: [...configOf(env).shards.keys()] } });
  const operations = await stuckOperations({ ctx, input: { operationId } });
  const outcomes: ReconcileOutcome[] = [];
  for (const operation of operations) {
    const { status } = await instanceStatus(env, operation.kind, operation.instanceId);
    if (!action && LIVE.includes(status)) {
      await extendOperationDeadline({ ctx, input: { operationId: operation.id, instanceId: operation.instanceId, step: operation.step || "queued" } });
      outcomes.push({ operationId: operation.id, instanceStatus: status, did: "extended" });
      continue;
    }
    let mode: FlowMode =
      action === "compensate" || (!action && (operation.state === "compensating" || operation.kind === "start_recording")) ? "compensate" : "forward";
    if (mode === "compensate" && !mayCompensate(operation)) {
      if (action) return { ok: false, code: "conflict", message: "This flow is past its point of no return: it can only be retried." };
      mode = "forward";
    }
    if (!action && mode === "forward" && operation.attempts >= MAX_ATTEMPTS) {
      await failOperation({
        ctx,
        input: { operationId: operation.id, instanceId: operation.instanceId, error: `Gave up after ${operation.attempts} attempts: ${operation.lastError ?? "no error noted"}` },
      });
      outcomes.push({ operationId: operation.id, instanceStatus: status, did: "skipped" });
      continue;
    }
    // An admin taking over a live instance stops it first, so two instances never run the same operation.
    if (LIVE.includes(status)) await terminate(env, operation.kind, operation.instanceId);
    const instanceId = await resumeOperation({ ctx, input: { operationId: operation.id, attempts: operation.attempts, mode } });
    if (!instanceId) {
      outcomes.push({ operationId: operation.id, instanceStatus: status, did: "skipped" });
      continue;
    }
    await createInstance(env, operation.kind, instanceId, { operationId: operation.id, mode });
    outcomes.push({ operationId: operation.id, instanceStatus: status, did: mode === "compensate" ? "compensating" : "resumed", instanceId });
  }
  return { ok: true, value: { outcomes, shardsRegistered } };
}

async function terminate(env: WorkersEnv, kind: OperationKind, instanceId: string): Promise<void> {
  try {
    await (await workflowFor(env, kind).get(instanceId)).terminate();
  } catch (error) {
    console.warn("[reconcile] terminate failed", error instanceof Error ? error.message : String(error));
  }
}
