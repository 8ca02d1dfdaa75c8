import {
  extendOperationDeadline,
  failOperation,
  noteReconcileFailure,
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

/**
 * After this many attempts (Workflow instances, and takeovers the reconciler could not make), an operation is failed for
 * an admin instead of resumed again: rolling forward and compensating alike.
 */
export const MAX_ATTEMPTS = 6;

const LIVE: readonly InstanceStatus[] = ["queued", "running", "paused", "waiting", "waitingForPause"];

// The steps before each flow's point of no return: while the operation is at one of them, it may be compensated.
const COMPENSABLE_STEPS: Record<OperationKind, readonly string[] | "any"> = {
  start_recording: "any",
  stop_recording: ["queued", "load operation", "mark stopping"],
  delete_event: ["queued", "load operation", "mark event deleting"],
  delete_user: ["queued", "load operation", "mark user deleting"],
  // A claimed code's credit is owed: the grant only rolls forward.
  grant_credit: [],
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
    case "grant_credit":
      return bindings.GRANT_CREDIT as Workflow<FlowPayload>;
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
 * configured shards, then looks at each operation stuck past its deadline, each on its own: a live instance gets its
 * deadline pushed; an errored, terminated, finished-but-unrecorded or unknown one is resumed as `<id>-r<attempt>` —
 * compensating a start recording (and any operation already compensating), rolling the others forward. One that
 * cannot be handled (the Workflow refuses its id, the platform does not answer) is recorded (error, attempts) and the
 * pass goes on with the next; after MAX_ATTEMPTS it is failed for an admin. With `operationId`, only that operation,
 * now, and `action` chooses: retry runs it forward, compensate undoes it (refused past the point of no return).
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
    const handled = await reconcileOne(env, operation, action);
    if ("refused" in handled) return { ok: false, code: "conflict", message: handled.refused };
    outcomes.push(handled);
  }
  return { ok: true, value: { outcomes, shardsRegistered } };
}

/** One operation of the pass; whatever it throws is recorded on its row, and never reaches the other operations. */
async function reconcileOne(env: WorkersEnv, operation: OperationForFlow, action: ReconcileInput["action"]): Promise<ReconcileOutcome | { refused: string }> {
  const ctx = systemContext(env);
  let status: InstanceStatus = "unknown";
  // The attempts on the row as this pass last changed it, and whether a resume already counted this try.
  let attempts = operation.attempts;
  let resumed = false;
  try {
    status = (await instanceStatus(env, operation.kind, operation.instanceId)).status;
    if (!action && LIVE.includes(status)) {
      await extendOperationDeadline({ ctx, input: { operationId: operation.id, instanceId: operation.instanceId, step: operation.step || "queued" } });
      return { operationId: operation.id, instanceStatus: status, did: "extended" };
    }
    let mode: FlowMode =
      action === "compensate" || (!action && (operation.state === "compensating" || operation.kind === "start_recording")) ? "compensate" : "forward";
    if (mode === "compensate" && !mayCompensate(operation)) {
      if (action) return { refused: "This flow is past its point of no return: it can only be retried." };
      mode = "forward";
    }
    if (!action && operation.attempts >= MAX_ATTEMPTS) {
      await failOperation({
        ctx,
        input: {
          operationId: operation.id,
          instanceId: operation.instanceId,
          error: `Gave up after ${operation.attempts} attempts: ${operation.lastError ?? "no error noted"}`.slice(0, 500),
          publicError: null,
        },
      });
      return { operationId: operation.id, instanceStatus: status, did: "skipped" };
    }
    // An admin taking over a live instance stops it first, so two instances never run the same operation.
    if (LIVE.includes(status)) await terminate(env, operation.kind, operation.instanceId);
    const instanceId = await resumeOperation({ ctx, input: { operationId: operation.id, attempts: operation.attempts, mode } });
    if (!instanceId) return { operationId: operation.id, instanceStatus: status, did: "skipped" };
    attempts += 1;
    resumed = true;
    await createInstance(env, operation.kind, instanceId, { operationId: operation.id, mode });
    return { operationId: operation.id, instanceStatus: status, did: mode === "compensate" ? "compensating" : "resumed", instanceId };
  } catch (error) {
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 400);
    console.error("[reconcile] operation failed", JSON.stringify(operation.id.slice(0, 64)), JSON.stringify(message));
    try {
      await noteReconcileFailure({ ctx, input: { operationId: operation.id, attempts, bump: !resumed, maxAttempts: MAX_ATTEMPTS, error: message } });
    } catch (noteError) {
      console.error("[reconcile] could not record the failure", noteError instanceof Error ? noteError.name : typeof noteError);
    }
    return { operationId: operation.id, instanceStatus: status, did: "failed" };
  }
}

async function terminate(env: WorkersEnv, kind: OperationKind, instanceId: string): Promise<void> {
  try {
    await (await workflowFor(env, kind).get(instanceId)).terminate();
  } catch (error) {
    console.warn("[reconcile] terminate failed", error instanceof Error ? error.message : String(error));
  }
}
