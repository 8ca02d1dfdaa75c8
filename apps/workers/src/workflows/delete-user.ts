import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { markUserDeleting, removeDeletingUser, restoreDeletingUser } from "@greenroom/domain/operations";
import { deleteUserRows } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "../env";
import { endLiveAccess } from "../live";
import { type FlowOutput, type FlowPayload, FlowRun, type Undo, isSuperseded } from "../flows/flow";

type Params = { userId: string; actorId: string };

/**
 * Delete a user: the webapp marks them deleting (their sessions end) → their stage events and clips go from every
 * shard (a user appears in many accounts) → the webapp deletes their row. Only the mark can be undone; from the first
 * shard on, the flow rolls forward (the reconciler resumes it).
 */
export class DeleteUserWorkflow extends WorkflowEntrypoint<WorkersEnv, FlowPayload> {
  override async run(event: WorkflowEvent<FlowPayload>, step: WorkflowStep): Promise<FlowOutput> {
    const flow = await FlowRun.load<Params>(this.env, step, event);
    if (!flow) return { state: "gone" };
    const { userId } = flow.params;
    const subject = { operationId: flow.operationId, subjectId: userId };
    const undos: Undo[] = [{ name: "restore user", run: () => restoreDeletingUser({ ctx: flow.ctx, input: subject }) }];
    if (event.payload.mode === "compensate") return flow.compensate(flow.lastError ?? "Compensated by an admin", undos);

    let pointOfNoReturn = false;
    try {
      await flow.do("mark user deleting", () => markUserDeleting({ ctx: flow.ctx, input: subject }).then(() => true));
      pointOfNoReturn = true;
      // Their open room sockets close now, not when their live token expires. A room that cannot be reached does not
      // hold the deletion up: the connect check already refuses a deleting user, and every token expires.
      await flow.do("end live access", () =>
        endLiveAccess(this.env, { userId, atMs: Date.now() }).then(
          (result) => result.ok,
          () => false,
        ),
      );
      const removed: Record<string, { stageEvents: number; clips: number }> = {};
      for (const shard of [...configOf(this.env).shards.keys()].sort()) {
        const db = flow.shard(shard);
        removed[shard] = await flow.do(`delete shard rows ${shard}`, () => deleteUserRows(db, { userId }), { db, accountId: "platform" });
      }
      await flow.do("delete user", () => removeDeletingUser({ ctx: flow.ctx, input: subject }));
      return await flow.complete({ removed });
    } catch (error) {
      if (isSuperseded(error)) return { state: "superseded" };
      if (pointOfNoReturn) return flow.rollForwardLater(error);
      return flow.compensate(error, undos);
    }
  }
}
