import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { markEventDeleting, removeDeletingEvent, restoreDeletingEvent } from "@greenroom/domain/operations";
import { deleteEventRows, liveRecordingsOfEvent } from "@greenroom/stage";
import type { WorkersEnv } from "../env";
import { mediaProvider } from "../media";
import { type FlowOutput, type FlowPayload, FlowRun, type Undo, isSuperseded } from "../flows/flow";

type Params = { shard: string; accountId: string; eventId: string; actorId: string };

/**
 * Delete an event: the webapp marks it deleting (its previous status kept) → any recording still live is stopped at
 * the provider (egress stopped, live stream deleted; both idempotent) → its sessions, stage events, clips and logs go
 * from the account's shard → the webapp deletes the event. Only the mark can be undone; once the shard step
 * has started, the flow rolls forward (the reconciler resumes it until the event is gone).
 */
export class DeleteEventWorkflow extends WorkflowEntrypoint<WorkersEnv, FlowPayload> {
  override async run(event: WorkflowEvent<FlowPayload>, step: WorkflowStep): Promise<FlowOutput> {
    const flow = await FlowRun.load<Params>(this.env, step, event);
    if (!flow) return { state: "gone" };
    const { shard, accountId, eventId } = flow.params;
    const db = flow.shard(shard);
    const subject = { operationId: flow.operationId, subjectId: eventId };
    const undos: Undo[] = [{ name: "restore event", run: () => restoreDeletingEvent({ ctx: flow.ctx, input: subject }) }];
    if (event.payload.mode === "compensate") return flow.compensate(flow.lastError ?? "Compensated by an admin", undos);

    let pointOfNoReturn = false;
    try {
      await flow.do("mark event deleting", () => markEventDeleting({ ctx: flow.ctx, input: subject }));
      pointOfNoReturn = true;
      await flow.do(
        "stop live recordings",
        async () => {
          const live = await liveRecordingsOfEvent(db, { accountId, eventId });
          const provider = mediaProvider(this.env);
          for (const recording of live) {
            if (recording.egressId) await provider.stopEgress({ egressId: recording.egressId });
            if (recording.streamId) await provider.deleteLiveStream({ streamId: recording.streamId });
          }
          return { stopped: live.map((r) => r.sessionId) };
        },
        { db, accountId },
      );
      const deleted = await flow.do("delete shard rows", () => deleteEventRows(db, { accountId, eventId }), { db, accountId });
      await flow.do("delete event", () => removeDeletingEvent({ ctx: flow.ctx, input: subject }));
      return await flow.complete({ deleted });
    } catch (error) {
      if (isSuperseded(error)) return { state: "superseded" };
      if (pointOfNoReturn) return flow.rollForwardLater(error);
      return flow.compensate(error, undos);
    }
  }
}
