import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { checkRecordingGrant } from "@greenroom/domain/operations";
import {
  appendCredit,
  createRecordingSession,
  FlowRefusal,
  failRecordingSession,
  markRecording,
  recordingHoldKey,
  recordingSession,
  releaseRecordingHold,
  saveLiveStream,
} from "@greenroom/stage";
import { configOf, type WorkersEnv } from "../env";
import { type FlowOutput, type FlowPayload, FlowRun, type Undo, isSuperseded } from "../flows/flow";
import { mediaProvider } from "../media";

type Params = { shard: string; accountId: string; eventId: string; roomId: string; actorId: string };

/**
 * Start recording: the grant check (the actor still holds stage.manage, the event is editable) → the credit hold
 * (RECORDING_HOLD_MINUTES on the account's ledger, one conditional insert; too little credit is refused here, before
 * anything reaches the provider) → the recording session on the account's shard (id = operation id, pending →
 * starting) → the live stream → the egress (recording). A step failing for good compensates in reverse: stop the
 * egress, delete the live stream, mark the session failed, release the hold.
 */
export class StartRecordingWorkflow extends WorkflowEntrypoint<WorkersEnv, FlowPayload> {
  override async run(event: WorkflowEvent<FlowPayload>, step: WorkflowStep): Promise<FlowOutput> {
    const flow = await FlowRun.load<Params>(this.env, step, event);
    if (!flow) return { state: "gone" };
    const { shard, accountId, eventId, roomId, actorId } = flow.params;
    const db = flow.shard(shard);
    const provider = mediaProvider(this.env);
    const sessionId = flow.operationId;
    const session = { accountId, sessionId };
    const log = { db, accountId, sessionId };

    const undos: Undo[] = [
      {
        name: "stop egress",
        run: async () => {
          const row = await recordingSession(db, session);
          if (row?.egressId) await provider.stopEgress({ egressId: row.egressId });
        },
      },
      {
        name: "delete live stream",
        run: async () => {
          const row = await recordingSession(db, session);
          if (row?.providerStreamId) await provider.deleteLiveStream({ streamId: row.providerStreamId });
        },
      },
      {
        name: "mark session failed",
        run: async () => {
          await failRecordingSession(db, { ...session, nowMs: Date.now() });
          await flow.publish({ shard, accountId, roomId });
        },
      },
      // Only a hold that was written is given back, once.
      { name: "release credit hold", run: () => releaseRecordingHold(db, { accountId, sessionId, atMs: Date.now() }).then(() => undefined) },
    ];
    const holdMinutes = configOf(this.env).recordingHoldMinutes;
    if (event.payload.mode === "compensate") return flow.compensate(flow.lastError ?? "Compensated by the reconciler", undos);

    try {
      await flow.do("check grant", async () => {
        await checkRecordingGrant({ ctx: flow.ctx, input: { operationId: flow.operationId, roomId, actorId } });
        return true;
      });
      if (holdMinutes > 0) {
        await flow.do(
          "hold credit",
          async () => {
            const held = await appendCredit(db, {
              shard,
              accountId,
              kind: "recording_hold",
              amount: -holdMinutes,
              ...recordingHoldKey(sessionId),
              memo: "Recording started: credit held",
              atMs: Date.now(),
            });
            if (!held.ok) throw new Error(`hold: ${held.message}`);
            if (held.value.status === "insufficient") {
              throw new FlowRefusal(
                `Not enough recording credit: starting a recording holds ${holdMinutes} minutes and this account has ${held.value.balance}. An account owner can add credit on the Account page (Recording credit, Redeem a code)`,
              );
            }
            return held.value.balance;
          },
          // No session id: the session row does not exist yet.
          { db, accountId },
        );
      }
      await flow.do(
        "create session",
        async () => {
          const row = await createRecordingSession(db, { ...session, eventId, roomId, startedBy: actorId, nowMs: Date.now() });
          await flow.publish({ shard, accountId, roomId });
          return row.status;
        },
        log,
      );
      const stream = await flow.do(
        "create live stream",
        async () => {
          const created = await provider.createLiveStream({ key: sessionId, roomId });
          await saveLiveStream(db, { ...session, ...created });
          return created;
        },
        log,
      );
      await flow.do(
        "start egress",
        async () => {
          const { egressId } = await provider.startEgress({ key: sessionId, roomId, streamId: stream.streamId });
          await markRecording(db, { ...session, egressId, nowMs: Date.now() });
          await flow.publish({ shard, accountId, roomId });
          return egressId;
        },
        log,
      );
      return await flow.complete({ sessionId, playbackUrl: stream.playbackUrl });
    } catch (error) {
      if (isSuperseded(error)) return { state: "superseded" };
      return flow.compensate(error, undos);
    }
  }
}
