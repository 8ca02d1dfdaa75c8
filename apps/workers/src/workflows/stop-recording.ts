import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { recordOperationStep } from "@greenroom/domain/operations";
import {
  generateClips,
  markEgressStopped,
  markStopped,
  markStopping,
  readyClipIds,
  recordingSession,
  renderPendingClips,
  resumeRecordingStatus,
} from "@greenroom/stage";
import type { SessionsDb } from "@greenroom/db/sessions/client";
import { webappDb } from "@greenroom/db/webapp/client";
import { emitSessionsEvents } from "@greenroom/domain/webhooks-out";
import type { WorkersEnv } from "../env";
import { type FlowOutput, type FlowPayload, FlowRun, type Undo, isSuperseded } from "../flows/flow";
import { mediaProvider } from "../media";

type Params = { shard: string; accountId: string; eventId: string; roomId: string; actorId: string; sessionId: string };

/** Clips rendered per step: each chunk is one durable step, and the operation's step shows the progress. */
export const RENDER_CHUNK = 25;
const MAX_CHUNKS = 2_000;

/**
 * Stop recording: the session stopping → the provider's egress stopped (the end time set) → one pending clip per
 * enter/exit pair (`generateClips`) → the clips rendered in chunks until none is pending → stopped. Only marking it
 * stopping can be undone (back to recording, if the egress could not be stopped); from the egress stop on, the flow
 * rolls forward: a step failing for good leaves the operation to the reconciler, which resumes it.
 */
export class StopRecordingWorkflow extends WorkflowEntrypoint<WorkersEnv, FlowPayload> {
  override async run(event: WorkflowEvent<FlowPayload>, step: WorkflowStep): Promise<FlowOutput> {
    const flow = await FlowRun.load<Params>(this.env, step, event);
    if (!flow) return { state: "gone" };
    const { shard, accountId, roomId, sessionId } = flow.params;
    const db = flow.shard(shard);
    const provider = mediaProvider(this.env);
    const session = { accountId, sessionId };
    const log = { db, accountId, sessionId };
    const room = { shard, accountId, roomId };
    const undos: Undo[] = [{ name: "back to recording", run: () => resumeRecordingStatus(db, session) }];
    if (event.payload.mode === "compensate") return flow.compensate(flow.lastError ?? "Compensated by the reconciler", undos);

    let pointOfNoReturn = false;
    try {
      await flow.do(
        "mark stopping",
        async () => {
          const row = await markStopping(db, session);
          await flow.publish(room);
          return row.status;
        },
        log,
      );
      const ended = await flow.do(
        "stop egress",
        async () => {
          const row = await recordingSession(db, session);
          if (row?.egressId && row.status === "stopping") await provider.stopEgress({ egressId: row.egressId });
          const stopped = await markEgressStopped(db, { ...session, nowMs: Date.now() });
          return { streamId: stopped.providerStreamId ?? "", endOffsetMs: offset(stopped.startedAt, stopped.endedAt) };
        },
        log,
      );
      pointOfNoReturn = true;
      const generated = await flow.do("generate clips", () => generateClips(db, { ...session, endOffsetMs: ended.endOffsetMs, nowMs: Date.now() }), log);
      for (let chunk = 1; chunk <= MAX_CHUNKS; chunk++) {
        const progress = await flow.do(`render clips ${chunk}`, async () => {
          const rendered = await renderPendingClips(db, provider, { ...session, streamId: ended.streamId, limit: RENDER_CHUNK });
          await recordOperationStep({
            ctx: flow.ctx,
            input: { operationId: flow.operationId, instanceId: flow.instanceId, step: `rendering clips (${rendered.ready} of ${generated.total} ready)` },
          });
          return rendered;
        });
        if (progress.pending === 0) break;
      }
      await flow.do(
        "mark stopped",
        async () => {
          await markStopped(db, { ...session, nowMs: Date.now() });
          await flow.publish(room);
          return true;
        },
        log,
      );
      // Outgoing webhooks: recording.stopped and one clip.ready per ready clip, keyed by their ids (a rerun adds none).
      await flow.do("emit webhook events", () => emitStopEvents(this.env, db, { ...flow.params, shard }));
      return await flow.complete({ sessionId, clips: generated.total });
    } catch (error) {
      if (isSuperseded(error)) return { state: "superseded" };
      if (pointOfNoReturn) return flow.rollForwardLater(error);
      return flow.compensate(error, undos);
    }
  }
}

const offset = (startedAt: Date | null, endedAt: Date | null) =>
  startedAt && endedAt ? Math.max(0, endedAt.getTime() - startedAt.getTime()) : 0;

async function emitStopEvents(env: WorkersEnv, db: SessionsDb, p: Params): Promise<number> {
  const clips = await readyClipIds(db, p);
  const base = { accountId: p.accountId, eventId: p.eventId, shard: p.shard };
  const events = [
    { ...base, type: "recording.stopped" as const, resourceId: p.sessionId },
    ...clips.map((id) => ({ ...base, type: "clip.ready" as const, resourceId: id })),
  ];
  await emitSessionsEvents(webappDb(env.WEBAPP_DB), events, Math.floor(Date.now() / 1000));
  return events.length;
}
