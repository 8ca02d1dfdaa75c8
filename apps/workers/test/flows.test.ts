import { introspectWorkflowInstance } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Ctx } from "@greenroom/domain/context";
import {
  adminOperationAction,
  adminOperations,
  deleteEvent,
  deleteOwnAccount,
  deleteUser,
  GENERIC_OPERATION_ERROR,
  getOperation,
  loadOperation,
  startRecording,
  stopRecording,
} from "@greenroom/domain/operations";
import { createWebhookSubscription, outboxId } from "@greenroom/domain/webhooks-out";
import { localId, type StageApi } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../src/flows/reconcile";
import { makeEvent, makeOrganizer, testCtx } from "../../../packages/domain/test/factories";

// The cross-database flows end to end inside workerd: the domain verbs insert the operation in the webapp D1 and start
// the Workflow over the real RPC entrypoint; the Workflows run against both sessions shards and the webapp D1. Faults
// are injected with the Workflows test modifiers; every test ends by counting rows on both databases.

const rpc = exports.StageRpc as unknown as StageApi;

/** The actor's context with the real workers app behind `stage`. */
const ctxOf = (userId: string, stage: StageApi = rpc): Ctx => ({ ...testCtx({ userId }), stage });

type Introspector = Awaited<ReturnType<typeof introspectWorkflowInstance>>;

/** Watches a Workflow instance before it exists: no retry delays or sleeps, plus the faults to inject. */
async function watch(
  workflow: Workflow,
  instanceId: string,
  faults: (m: Parameters<Parameters<Introspector["modify"]>[0]>[0]) => Promise<void> = async () => {},
): Promise<Introspector> {
  const instance = await introspectWorkflowInstance(workflow, instanceId);
  await instance.modify(async (m) => {
    await m.disableSleeps();
    await m.disableRetryDelays();
    await faults(m);
  });
  return instance;
}

type Faults = (m: Parameters<Parameters<Introspector["modify"]>[0]>[0]) => Promise<void>;

/**
 * The verbs mint the operation id, so a test cannot name the instance before it starts: this stage (the real workers
 * app behind it) watches the instance the verb asks it to create, with the faults, just before creating it.
 */
function watched(workflow: Workflow, faults?: Faults) {
  let instance: Introspector | undefined;
  const started = () => {
    if (!instance) throw new Error("No Workflow instance was started");
    return instance;
  };
  const stage: StageApi = {
    ...rpc,
    startOperation: async (input) => {
      instance = await watch(workflow, input.instanceId ?? input.operationId, faults);
      return rpc.startOperation(input);
    },
  };
  return {
    stage,
    waitForStatus: (status: Parameters<Introspector["waitForStatus"]>[0]) => started().waitForStatus(status),
    getOutput: () => started().getOutput(),
    dispose: async () => {
      await instance?.dispose();
    },
  };
}

/** Recording credit for the account (its shard assigned now, as its first use would): starts hold 10 minutes. */
async function withCredit(accountId: string, minutes = 600) {
  await env.WEBAPP_DB.prepare("INSERT OR IGNORE INTO account_shards (account_id, shard_id, pinned, assigned_at) VALUES (?, '0000', 0, 0)").bind(accountId).run();
  const shard = await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(accountId).first<{ shard_id: string }>();
  const granted = await rpc.appendCredit({ shard: shard?.shard_id ?? "0000", accountId, kind: "grant", amount: minutes, sourceType: "test", sourceId: createId(), atMs: Date.now() });
  if (!granted.ok) throw new Error(granted.message);
}

async function organizerWithRoom(credit = 600) {
  const organizer = await makeOrganizer();
  if (credit > 0) await withCredit(organizer.accountId, credit);
  const event = await makeEvent(organizer);
  const room = await env.WEBAPP_DB.prepare("SELECT id FROM rooms WHERE event_id = ? ORDER BY position LIMIT 1").bind(event.id).first<{ id: string }>();
  if (!room) throw new Error("no room");
  return { organizer, event, roomId: room.id, ctx: ctxOf(organizer.id) };
}

async function shardOf(accountId: string): Promise<D1Database> {
  const row = await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(accountId).first<{ shard_id: string }>();
  if (!row) throw new Error("no shard assigned");
  return row.shard_id === "0000" ? env.SESSIONS_DB_0000 : env.SESSIONS_DB_0001;
}

async function balanceOf(accountId: string): Promise<number> {
  const shard = await shardOf(accountId);
  return Number(await shard.prepare("SELECT COALESCE((SELECT balance FROM credit_ledger WHERE account_id = ? ORDER BY seq DESC LIMIT 1), 0) AS b").bind(accountId).first("b"));
}

const count = async (db: D1Database, query: string, ...params: unknown[]) =>
  (await db.prepare(`SELECT COUNT(*) AS n FROM ${query}`).bind(...params).first<{ n: number }>())?.n ?? -1;

const operation = async (operationId: string) => {
  const row = await loadOperation({ ctx: testCtx(), input: { operationId } });
  if (!row) throw new Error(`operation ${operationId} is gone`);
  return row;
};

/** Makes the operation look stuck (its deadline passed), as the reconciler will find it a few minutes later. */
const expire = (operationId: string) => env.WEBAPP_DB.prepare("UPDATE operations SET deadline_at = 0 WHERE id = ?").bind(operationId).run();

async function recordingRoom() {
  const fixture = await organizerWithRoom();
  let operationId = "";
  const instance = watched(env.START_RECORDING);
  try {
    operationId = (await startRecording({ ctx: { ...fixture.ctx, stage: instance.stage }, input: { roomId: fixture.roomId } })).operation.id;
    await instance.waitForStatus("complete");
  } finally {
    await instance.dispose();
  }
  return { ...fixture, sessionId: operationId, shard: await shardOf(fixture.organizer.accountId) };
}

describe("start recording", () => {
  it("creates the session on the account's shard and records through the provider", async () => {
    const { organizer, roomId, sessionId, shard } = await recordingRoom();
    const op = await operation(sessionId);
    expect(op).toMatchObject({ state: "completed", step: "done", attempts: 1, lastError: null, kind: "start_recording" });
    const session = await shard.prepare("SELECT * FROM recording_sessions WHERE id = ?").bind(sessionId).first<Record<string, unknown>>();
    // The local provider made one live stream and one egress, keyed by the operation, and both are live.
    const [streamId, egressId] = [await localId("ls", sessionId), await localId("eg", sessionId)];
    expect(session).toMatchObject({ account_id: organizer.accountId, room_id: roomId, status: "recording", provider_stream_id: streamId, egress_id: egressId });
    const held = await env.LOCAL_MEDIA.get(env.LOCAL_MEDIA.idFromName("local-media")).inspect();
    expect(held.streams.filter((s) => s.id === streamId)).toEqual([expect.objectContaining({ deleted: false })]);
    expect(held.egresses.filter((e) => e.id === egressId)).toEqual([expect.objectContaining({ stopped: false, streamId })]);
    expect(session?.started_at).toEqual(expect.any(Number));
    // One structured log line per sessions-side step (the credit hold, then three on the session), from the workflow layer.
    expect(await count(shard, "session_logs WHERE operation_id = ? AND source = 'workflow'", sessionId)).toBe(4);
  });

  it("makes one operation and one session for a double start, and answers the same operation to both", async () => {
    const { roomId, ctx, organizer } = await organizerWithRoom();
    const instance = watched(env.START_RECORDING);
    try {
      const [a, b] = await Promise.all([
        startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId, requestId: createId() } }),
        startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId, requestId: createId() } }),
      ]);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
      expect(a.operation.id).toBe(b.operation.id);
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", roomId)).toBe(1);
    expect(await count(await shardOf(organizer.accountId), "recording_sessions WHERE room_id = ?", roomId)).toBe(1);
  });

  it("answers not_found for another tenant's operation, and lets no stranger start a recording", async () => {
    const { roomId, sessionId } = await recordingRoom();
    const stranger = await makeOrganizer();
    await expect(getOperation({ ctx: ctxOf(stranger.id), input: { operationId: sessionId } })).rejects.toMatchObject({ code: "not_found" });
    await expect(startRecording({ ctx: ctxOf(stranger.id), input: { roomId } })).rejects.toMatchObject({ code: "not_found" });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", roomId)).toBe(1);
  });

  for (const failing of ["check grant", "hold credit", "create session", "create live stream", "start egress"]) {
    it(`compensates when "${failing}" fails for good: no live session is left and the room records again`, async () => {
      const { roomId, ctx, organizer } = await organizerWithRoom();
      let operationId = "";
      const instance = watched(env.START_RECORDING, (m) => m.mockStepError({ name: failing }, new Error(`${failing} is down`)));
      try {
        operationId = (await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
        await instance.waitForStatus("complete");
        expect(await instance.getOutput()).toEqual({ state: "compensated" });
      } finally {
        await instance.dispose();
      }
      const op = await operation(operationId);
      expect(op).toMatchObject({ state: "compensated", lastError: `${failing} is down` });
      const shard = await shardOf(organizer.accountId);
      expect(await count(shard, "recording_sessions WHERE room_id = ? AND status NOT IN ('failed')", roomId)).toBe(0);
      // A hold written before the failure was given back, once: the credit is whole again.
      expect(await balanceOf(organizer.accountId)).toBe(600);

      // Nothing stuck behind: a second start records, and the room has exactly one live session.
      const second = watched(env.START_RECORDING);
      try {
        await startRecording({ ctx: { ...ctx, stage: second.stage }, input: { roomId } });
        await second.waitForStatus("complete");
      } finally {
        await second.dispose();
      }
      expect(await count(shard, "recording_sessions WHERE room_id = ? AND status = 'recording'", roomId)).toBe(1);
      expect(await balanceOf(organizer.accountId)).toBe(590);
    });
  }

  it("holds credit as it starts: one hold entry keyed by the session", async () => {
    const { organizer, sessionId } = await recordingRoom();
    const shard = await shardOf(organizer.accountId);
    const rows = await shard.prepare("SELECT kind, amount, balance, source_type, source_id FROM credit_ledger WHERE account_id = ? ORDER BY seq").bind(organizer.accountId).all();
    expect(rows.results.slice(1)).toEqual([{ kind: "recording_hold", amount: -10, balance: 590, source_type: "recording_hold", source_id: sessionId }]);
  });

  it("refuses a start without enough credit before anything reaches the provider, saying how to add credit", async () => {
    const { roomId, ctx, organizer } = await organizerWithRoom(5);
    let operationId = "";
    const instance = watched(env.START_RECORDING);
    try {
      operationId = (await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
      expect(await instance.getOutput()).toEqual({ state: "compensated" });
    } finally {
      await instance.dispose();
    }
    const op = await operation(operationId);
    expect(op).toMatchObject({ state: "compensated", step: "compensated" });
    // The tenant reads the refusal in words: the hold, the balance and where to add credit.
    const seen = await getOperation({ ctx, input: { operationId } });
    expect(seen.lastError).toBe(
      "Not enough recording credit: starting a recording holds 10 minutes and this account has 5. An account owner can add credit on the Account page (Recording credit, Redeem a code)",
    );
    // No session, so no live stream or egress was ever asked for; the ledger holds only the grant.
    const shard = await shardOf(organizer.accountId);
    expect(await count(shard, "recording_sessions WHERE room_id = ?", roomId)).toBe(0);
    expect(await count(shard, "credit_ledger WHERE account_id = ?", organizer.accountId)).toBe(1);
    expect(await balanceOf(organizer.accountId)).toBe(5);
  });

  it("an account with no credit at all is refused the same way", async () => {
    const { roomId, ctx } = await organizerWithRoom(0);
    let operationId = "";
    const instance = watched(env.START_RECORDING);
    try {
      operationId = (await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect((await getOperation({ ctx, input: { operationId } })).lastError).toContain("this account has 0");
  });

  it("refuses a start once the room is recording, and compensates nothing of the first", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    let operationId = "";
    const instance = watched(env.START_RECORDING);
    try {
      operationId = (await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated", lastError: "This room is already being recorded" });
    expect(await shard.prepare("SELECT status FROM recording_sessions WHERE id = ?").bind(sessionId).first("status")).toBe("recording");
    expect(await count(shard, "recording_sessions WHERE room_id = ?", roomId)).toBe(1);
  });

  it("is compensated by the reconciler when its Workflow never started (the start call was lost)", async () => {
    const { roomId, organizer } = await organizerWithRoom();
    const lost: StageApi = { ...rpc, startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }) };
    const { operation: started } = await startRecording({ ctx: ctxOf(organizer.id, lost), input: { roomId } });
    const operationId = started.id;
    await expire(operationId);
    const instance = await watch(env.START_RECORDING, `${operationId}-r2`);
    try {
      const result = await rpc.reconcile({});
      expect(result.ok && result.value.outcomes).toContainEqual({
        operationId,
        instanceStatus: "unknown",
        did: "compensating",
        instanceId: `${operationId}-r2`,
      });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated", attempts: 2, instanceId: `${operationId}-r2` });
    expect(await count(await shardOf(organizer.accountId), "recording_sessions WHERE room_id = ? AND status <> 'failed'", roomId)).toBe(0);
  });
});

describe("stop recording", () => {
  it("stops the egress and the session", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    let operationId = "";
    const instance = watched(env.STOP_RECORDING);
    try {
      operationId = (await stopRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", result: { sessionId, clips: 0 } });
    const session = await shard.prepare("SELECT status, ended_at FROM recording_sessions WHERE id = ?").bind(sessionId).first<Record<string, unknown>>();
    expect(session).toMatchObject({ status: "stopped", ended_at: expect.any(Number) });
    // Stopped once: a second stop is refused and makes no operation.
    await expect(stopRecording({ ctx, input: { roomId } })).rejects.toMatchObject({ code: "conflict" });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ? AND kind = 'stop_recording'", roomId)).toBe(1);
  });

  it("a stopped recording writes its recording.stopped webhook outbox row once when the account subscribes", async () => {
    const { organizer, roomId, ctx, sessionId } = await recordingRoom();
    await createWebhookSubscription({
      ctx,
      input: { accountId: organizer.accountId, url: "https://receiver.test/ok/stopped", eventTypes: ["recording.stopped", "clip.ready"] },
      commerceKeys: env.COMMERCE_KEYS,
    });
    const instance = watched(env.STOP_RECORDING);
    try {
      await stopRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    const rows = await env.WEBAPP_DB.prepare("SELECT id, type, resource_id FROM webhook_outbox WHERE account_id = ?").bind(organizer.accountId).all();
    expect(rows.results).toEqual([{ id: outboxId("recording.stopped", sessionId), type: "recording.stopped", resource_id: sessionId }]);
  });

  it("goes back to recording when the egress cannot be stopped", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    let operationId = "";
    const instance = watched(env.STOP_RECORDING, (m) => m.mockStepError({ name: "stop egress" }, new Error("egress API down")));
    try {
      operationId = (await stopRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated", lastError: "egress API down" });
    expect(await shard.prepare("SELECT status FROM recording_sessions WHERE id = ?").bind(sessionId).first("status")).toBe("recording");
  });

  it("rolls forward past the egress stop: a step timing out for good is resumed by the reconciler", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    let operationId = "";
    const first = watched(env.STOP_RECORDING, async (m) => {
      m.forceStepTimeout({ name: "mark stopped" });
    });
    try {
      operationId = (await stopRecording({ ctx: { ...ctx, stage: first.stage }, input: { roomId } })).operation.id;
      await first.waitForStatus("errored");
    } finally {
      await first.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "running", result: { forwardOnly: true } });
    expect(await shard.prepare("SELECT status FROM recording_sessions WHERE id = ?").bind(sessionId).first("status")).toBe("stopping");

    await expire(operationId);
    const resumed = await watch(env.STOP_RECORDING, `${operationId}-r2`);
    try {
      const result = await rpc.reconcile({});
      expect(result.ok && result.value.outcomes).toContainEqual(expect.objectContaining({ operationId, did: "resumed" }));
      await resumed.waitForStatus("complete");
    } finally {
      await resumed.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", attempts: 2 });
    expect(await shard.prepare("SELECT status FROM recording_sessions WHERE id = ?").bind(sessionId).first("status")).toBe("stopped");
    expect(await count(shard, "recording_sessions WHERE room_id = ?", roomId)).toBe(1);
  });
});

/** An event with rows on its shard (a session, stage events, clips, logs), and a second event of the same account. */
async function eventWithShardRows() {
  const fixture = await recordingRoom();
  const { organizer, event, roomId, sessionId, shard } = fixture;
  const other = await makeEvent(organizer, { name: "Keeps its rows" });
  const seed = (eventId: string, room: string, session: string | null) => [
    shard.prepare(
      `INSERT INTO stage_events (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, action, seq, actor_id, occurred_at)
       VALUES (?, ?, ?, ?, ?, 'user:u1', 'Ada', 'u1', 'on_stage', (SELECT COALESCE(MAX(seq), 0) + 1 FROM stage_events WHERE room_id = ?), ?, 1)`,
    ).bind(createId(), organizer.accountId, eventId, room, session, room, organizer.id),
    ...(session
      ? [
          shard.prepare(
            `INSERT INTO participant_clips (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, start_offset_ms, end_offset_ms, status, created_at)
             VALUES (?, ?, ?, ?, ?, 'user:u1', 'Ada', 'u1', 0, 1000, 'ready', 1)`,
          ).bind(createId(), organizer.accountId, eventId, room, session),
        ]
      : []),
  ];
  const otherSession = createId();
  await shard.batch([
    ...seed(event.id, roomId, sessionId),
    shard
      .prepare("INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, created_at) VALUES (?, ?, ?, 'other-room', 'stopped', 1)")
      .bind(otherSession, organizer.accountId, other.id),
    ...seed(other.id, "other-room", otherSession),
  ]);
  const rowsOf = async (eventId: string) => ({
    sessions: await count(shard, "recording_sessions WHERE account_id = ? AND event_id = ?", organizer.accountId, eventId),
    stageEvents: await count(shard, "stage_events WHERE account_id = ? AND event_id = ?", organizer.accountId, eventId),
    clips: await count(shard, "participant_clips WHERE account_id = ? AND event_id = ?", organizer.accountId, eventId),
  });
  expect(await rowsOf(event.id)).toEqual({ sessions: 1, stageEvents: 1, clips: 1 });
  return { ...fixture, other, rowsOf };
}

const eventStatus = (eventId: string) => env.WEBAPP_DB.prepare("SELECT status FROM events WHERE id = ?").bind(eventId).first("status");

describe("delete event", () => {
  it("removes the event's rows from its shard, then the event; the account's other event keeps its rows", async () => {
    const { ctx, event, other, rowsOf, sessionId, shard } = await eventWithShardRows();
    let operationId = "";
    const instance = watched(env.DELETE_EVENT);
    try {
      const started = await deleteEvent({ ctx: { ...ctx, stage: instance.stage }, input: { eventId: event.id } });
      operationId = started.operation.id;
      expect(started).toMatchObject({ created: true, operation: { state: "running", kind: "delete_event" } });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", result: { previousStatus: "draft", deleted: { sessions: 1, stageEvents: 1, clips: 1 } } });
    expect(await eventStatus(event.id)).toBeNull();
    expect(await rowsOf(event.id)).toEqual({ sessions: 0, stageEvents: 0, clips: 0 });
    expect(await count(shard, "session_logs WHERE session_id = ?", sessionId)).toBe(0);
    expect(await rowsOf(other.id)).toEqual({ sessions: 1, stageEvents: 1, clips: 1 });
    expect(await eventStatus(other.id)).toBe("draft");
  });

  it("stops a recording that is still live at the provider before its rows go", async () => {
    const { ctx, event, sessionId, shard } = await recordingRoom();
    let operationId = "";
    const instance = watched(env.DELETE_EVENT);
    try {
      operationId = (await deleteEvent({ ctx: { ...ctx, stage: instance.stage }, input: { eventId: event.id } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", result: { deleted: { sessions: 1 } } });
    expect(await count(shard, "recording_sessions WHERE id = ?", sessionId)).toBe(0);
    // The egress is stopped and the live stream deleted at the (local) provider: nothing keeps running.
    const held = await env.LOCAL_MEDIA.get(env.LOCAL_MEDIA.idFromName("local-media")).inspect();
    const [streamId, egressId] = [await localId("ls", sessionId), await localId("eg", sessionId)];
    expect(held.streams.filter((s) => s.id === streamId)).toEqual([expect.objectContaining({ deleted: true })]);
    expect(held.egresses.filter((e) => e.id === egressId)).toEqual([expect.objectContaining({ stopped: true })]);
  });

  it("lets only the account's owners delete, and a second delete finds the first", async () => {
    const { ctx, event } = await eventWithShardRows();
    const stranger = await makeOrganizer();
    await expect(deleteEvent({ ctx: ctxOf(stranger.id), input: { eventId: event.id } })).rejects.toMatchObject({ code: "not_found" });
    const lost: StageApi = { ...rpc, startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }) };
    const first = await deleteEvent({ ctx: { ...ctx, stage: lost }, input: { eventId: event.id } });
    const second = await deleteEvent({ ctx: { ...ctx, stage: lost }, input: { eventId: event.id } });
    expect(second).toEqual({ created: false, operation: first.operation });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", event.id)).toBe(1);
  });

  it("compensates when marking the event fails for good: the event and all its rows stay", async () => {
    const { ctx, event, rowsOf } = await eventWithShardRows();
    let operationId = "";
    const instance = watched(env.DELETE_EVENT, (m) => m.mockStepError({ name: "mark event deleting" }, new Error("webapp D1 busy")));
    try {
      operationId = (await deleteEvent({ ctx: { ...ctx, stage: instance.stage }, input: { eventId: event.id } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated", lastError: "webapp D1 busy" });
    expect(await eventStatus(event.id)).toBe("draft");
    expect(await rowsOf(event.id)).toEqual({ sessions: 1, stageEvents: 1, clips: 1 });
  });

  it("compensates a mark that was made: an admin's Compensate before the shard rows go restores the status", async () => {
    const { ctx, event, rowsOf } = await eventWithShardRows();
    const lost: StageApi = { ...rpc, startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }) };
    const { operation: op } = await deleteEvent({ ctx: { ...ctx, stage: lost }, input: { eventId: event.id } });
    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    const instance = await watch(env.DELETE_EVENT, `${op.id}-r2`);
    try {
      expect(await adminOperationAction({ ctx: ctxOf(admin.id), input: { operationId: op.id, action: "compensate" } })).toMatchObject({ did: "compensating" });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(op.id)).toMatchObject({ state: "compensated" });
    expect(await eventStatus(event.id)).toBe("draft");
    expect(await rowsOf(event.id)).toEqual({ sessions: 1, stageEvents: 1, clips: 1 });
    await expect(adminOperationAction({ ctx: ctx, input: { operationId: op.id, action: "retry" } })).rejects.toMatchObject({ code: "not_found" });
  });

  for (const stop of [
    { name: "delete shard rows", how: "fails for good" },
    { name: "delete event", how: "times out for good" },
  ]) {
    it(`rolls forward when "${stop.name}" ${stop.how}: the reconciler resumes it and everything is gone once`, async () => {
      const { ctx, event, other, rowsOf } = await eventWithShardRows();
      let operationId = "";
      const first = watched(env.DELETE_EVENT, async (m) => {
        if (stop.how === "fails for good") await m.mockStepError({ name: stop.name }, new Error("shard unreachable"));
        else m.forceStepTimeout({ name: stop.name });
      });
      try {
        operationId = (await deleteEvent({ ctx: { ...ctx, stage: first.stage }, input: { eventId: event.id } })).operation.id;
        await first.waitForStatus("errored");
      } finally {
        await first.dispose();
      }
      expect(await operation(operationId)).toMatchObject({ state: "running", lastError: expect.any(String), result: { forwardOnly: true } });
      expect(await eventStatus(event.id)).toBe("deleting");

      // A Compensate is refused past the point of no return.
      const admin = await makeOrganizer();
      await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
      await expect(adminOperationAction({ ctx: ctxOf(admin.id), input: { operationId, action: "compensate" } })).rejects.toMatchObject({ code: "conflict" });

      // Not yet past the deadline: the reconciler leaves it alone.
      expect((await rpc.reconcile({})).ok).toBe(true);
      expect(await operation(operationId)).toMatchObject({ attempts: 1 });

      await expire(operationId);
      const resumed = await watch(env.DELETE_EVENT, `${operationId}-r2`);
      try {
        const result = await rpc.reconcile({});
        expect(result.ok && result.value.outcomes).toContainEqual(expect.objectContaining({ operationId, did: "resumed" }));
        // A second pass right after finds nothing stuck: one resume, not two.
        const again = await rpc.reconcile({});
        expect(again.ok && again.value.outcomes.filter((o) => o.operationId === operationId)).toEqual([]);
        await resumed.waitForStatus("complete");
      } finally {
        await resumed.dispose();
      }
      expect(await operation(operationId)).toMatchObject({ state: "completed", attempts: 2 });
      expect(await eventStatus(event.id)).toBeNull();
      expect(await rowsOf(event.id)).toEqual({ sessions: 0, stageEvents: 0, clips: 0 });
      expect(await rowsOf(other.id)).toEqual({ sessions: 1, stageEvents: 1, clips: 1 });
    });
  }
});

describe("delete user", () => {
  async function userOnBothShards() {
    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    const doomed = await makeOrganizer();
    const keep = createId();
    for (const shard of [env.SESSIONS_DB_0000, env.SESSIONS_DB_0001]) {
      const session = createId();
      const room = createId();
      await shard.batch([
        shard.prepare("INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, created_at) VALUES (?, 'acct', 'ev', ?, 'stopped', 1)").bind(session, room),
        ...[doomed.id, keep].flatMap((userId, i) => [
          shard
            .prepare(
              `INSERT INTO stage_events (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, action, seq, actor_id, occurred_at)
               VALUES (?, 'acct', 'ev', ?, ?, ?, 'P', ?, 'on_stage', ?, 'x', 1)`,
            )
            .bind(createId(), room, session, `user:${userId}`, userId, i + 1),
          shard
            .prepare(
              `INSERT INTO participant_clips (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id, start_offset_ms, end_offset_ms, status, created_at)
               VALUES (?, 'acct', 'ev', ?, ?, ?, 'P', ?, 0, 1, 'ready', 1)`,
            )
            .bind(createId(), room, session, `user:${userId}`, userId),
        ]),
      ]);
    }
    const rowsOf = async (userId: string) =>
      Promise.all(
        [env.SESSIONS_DB_0000, env.SESSIONS_DB_0001].map(async (shard) => [
          await count(shard, "stage_events WHERE user_id = ?", userId),
          await count(shard, "participant_clips WHERE user_id = ?", userId),
        ]),
      );
    return { admin, doomed, keep, rowsOf };
  }

  it("ends the user's sessions, removes their rows from every shard, then the user", async () => {
    const { admin, doomed, keep, rowsOf } = await userOnBothShards();
    let operationId = "";
    const instance = watched(env.DELETE_USER);
    try {
      operationId = (await deleteUser({ ctx: { ...ctxOf(admin.id), stage: instance.stage }, input: { userId: doomed.id } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", result: { removed: { "0000": { stageEvents: 1, clips: 1 }, "0001": { stageEvents: 1, clips: 1 } } } });
    expect(await count(env.WEBAPP_DB, "users WHERE id = ?", doomed.id)).toBe(0);
    expect(await count(env.WEBAPP_DB, "account_ownership WHERE user_id = ?", doomed.id)).toBe(0);
    expect(await rowsOf(doomed.id)).toEqual([[0, 0], [0, 0]]);
    expect(await rowsOf(keep)).toEqual([[1, 1], [1, 1]]);
  });

  it("is for platform admins only", async () => {
    const { doomed } = await userOnBothShards();
    const someone = await makeOrganizer();
    await expect(deleteUser({ ctx: ctxOf(someone.id), input: { userId: doomed.id } })).rejects.toMatchObject({ code: "not_found" });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", doomed.id)).toBe(0);
  });

  it("compensates when marking the user fails for good: the user keeps everything", async () => {
    const { admin, doomed, rowsOf } = await userOnBothShards();
    let operationId = "";
    const instance = watched(env.DELETE_USER, (m) => m.mockStepError({ name: "mark user deleting" }, new Error("busy")));
    try {
      operationId = (await deleteUser({ ctx: { ...ctxOf(admin.id), stage: instance.stage }, input: { userId: doomed.id } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated" });
    expect(await env.WEBAPP_DB.prepare("SELECT deleting_at FROM users WHERE id = ?").bind(doomed.id).first("deleting_at")).toBeNull();
    expect(await rowsOf(doomed.id)).toEqual([[1, 1], [1, 1]]);
  });

  it("rolls forward when the second shard fails for good: the reconciler finishes it", async () => {
    const { admin, doomed, keep, rowsOf } = await userOnBothShards();
    let operationId = "";
    const first = watched(env.DELETE_USER, (m) => m.mockStepError({ name: "delete shard rows 0001" }, new Error("shard 0001 down")));
    try {
      operationId = (await deleteUser({ ctx: { ...ctxOf(admin.id), stage: first.stage }, input: { userId: doomed.id } })).operation.id;
      await first.waitForStatus("errored");
    } finally {
      await first.dispose();
    }
    expect(await rowsOf(doomed.id)).toEqual([[0, 0], [1, 1]]);
    expect(await env.WEBAPP_DB.prepare("SELECT deleting_at FROM users WHERE id = ?").bind(doomed.id).first("deleting_at")).toEqual(expect.any(Number));

    await expire(operationId);
    const resumed = await watch(env.DELETE_USER, `${operationId}-r2`);
    try {
      await rpc.reconcile({});
      await resumed.waitForStatus("complete");
    } finally {
      await resumed.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "completed", attempts: 2 });
    expect(await count(env.WEBAPP_DB, "users WHERE id = ?", doomed.id)).toBe(0);
    expect(await rowsOf(doomed.id)).toEqual([[0, 0], [0, 0]]);
    expect(await rowsOf(keep)).toEqual([[1, 1], [1, 1]]);
  });
});

describe("delete own account", () => {
  it("is refused while the user alone owns an organization, and goes through once it has a co-owner", async () => {
    const me = await makeOrganizer();
    const org = createId();
    await env.WEBAPP_DB.batch([
      env.WEBAPP_DB.prepare("INSERT INTO accounts (id, name, kind, founded_by, created_at) VALUES (?, 'Solo Org', 'organization', ?, 0)").bind(org, me.id),
      env.WEBAPP_DB.prepare("INSERT INTO account_ownership (account_id, user_id, created_at) VALUES (?, ?, 0)").bind(org, me.id),
    ]);
    await expect(deleteOwnAccount({ ctx: ctxOf(me.id), input: {} })).rejects.toMatchObject({ code: "conflict" });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", me.id)).toBe(0);

    const coOwner = await makeOrganizer();
    await env.WEBAPP_DB.prepare("INSERT INTO account_ownership (account_id, user_id, created_at) VALUES (?, ?, 0)").bind(org, coOwner.id).run();
    const instance = watched(env.DELETE_USER);
    try {
      await deleteOwnAccount({ ctx: { ...ctxOf(me.id), stage: instance.stage }, input: {} });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await count(env.WEBAPP_DB, "users WHERE id = ?", me.id)).toBe(0);
    // The organization stays with its other owner; the founder link is cleared.
    expect(await env.WEBAPP_DB.prepare("SELECT founded_by FROM accounts WHERE id = ?").bind(org).first("founded_by")).toBeNull();
    expect(await count(env.WEBAPP_DB, "account_ownership WHERE account_id = ?", org)).toBe(1);
  });
});

describe("reconciler", () => {
  it("registers every configured shard once", async () => {
    await env.WEBAPP_DB.prepare("DELETE FROM shards WHERE id = '0001' AND NOT EXISTS (SELECT 1 FROM account_shards WHERE shard_id = '0001')").run();
    await rpc.reconcile({});
    await rpc.reconcile({});
    expect(await count(env.WEBAPP_DB, "shards WHERE id IN ('0000', '0001')")).toBe(2);
  });

  it("answers malformed input with invalid, not an exception", async () => {
    expect(await rpc.reconcile({ operationId: 42 } as never)).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.startOperation({ operationId: "x", kind: "nope" } as never)).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("operation ids and idempotency keys", () => {
  const MINTED = /^[a-z0-9]{20,32}$/;

  it("mints the operation id: a dotted requestId is only a lookup key, the Workflow starts, and a resubmit finds the same operation", async () => {
    const { roomId, ctx, organizer } = await organizerWithRoom();
    const key = "order.2026.retry";
    const instance = watched(env.START_RECORDING);
    let first: Awaited<ReturnType<typeof startRecording>>;
    try {
      first = await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId, requestId: key } });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(first.operation.id).toMatch(MINTED);
    expect(first.operation.instanceId).toBe(first.operation.id);
    expect(await operation(first.operation.id)).toMatchObject({ state: "completed" });
    expect(await env.WEBAPP_DB.prepare("SELECT request_key FROM operations WHERE id = ?").bind(first.operation.id).first("request_key")).toBe(key);
    // The same key again (a resubmitted form, a retried request): the same operation, nothing new started.
    const again = await startRecording({ ctx, input: { roomId, requestId: key } });
    expect(again).toMatchObject({ created: false, operation: { id: first.operation.id } });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", roomId)).toBe(1);
    expect(await count(await shardOf(organizer.accountId), "recording_sessions WHERE room_id = ?", roomId)).toBe(1);
    // The same key for another room is a different request: refused, and nothing starts there.
    const other = await makeEvent(organizer, { name: "Second" });
    const otherRoom = (await env.WEBAPP_DB.prepare("SELECT id FROM rooms WHERE event_id = ?").bind(other.id).first<string>("id")) ?? "";
    await expect(startRecording({ ctx, input: { roomId: otherRoom, requestId: key } })).rejects.toMatchObject({ code: "conflict" });
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id = ?", otherRoom)).toBe(0);
  });

  it("refuses a requestId or Idempotency-Key with a line break as invalid, before any operation row exists", async () => {
    const { roomId, ctx, event } = await organizerWithRoom();
    for (const requestId of ["abc12345\r\nSet-Cookie: x=1", "line\nbreak-1234"]) {
      await expect(startRecording({ ctx, input: { roomId, requestId } })).rejects.toMatchObject({ code: "invalid" });
      await expect(deleteEvent({ ctx, input: { eventId: event.id, requestId } })).rejects.toMatchObject({ code: "invalid" });
    }
    expect(await count(env.WEBAPP_DB, "operations WHERE subject_id IN (?, ?)", roomId, event.id)).toBe(0);
    expect(await count(env.WEBAPP_DB, "audit_log WHERE target_id IN (?, ?) AND action LIKE 'operation.%'", roomId, event.id)).toBe(0);
  });

  it("lets no tenant take another operation's retry instance id: a key of `<id>-r2` is just a key, and the stuck operation resumes as its own -r2", async () => {
    const victim = await organizerWithRoom();
    const lost: StageApi = { ...rpc, startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }) };
    const { operation: stuck } = await startRecording({ ctx: ctxOf(victim.organizer.id, lost), input: { roomId: victim.roomId } });

    // Another tenant sends the victim's retry instance id as its key, and its flow runs under a minted id.
    const attacker = await organizerWithRoom();
    const theirs = watched(env.START_RECORDING);
    try {
      const started = await startRecording({ ctx: { ...attacker.ctx, stage: theirs.stage }, input: { roomId: attacker.roomId, requestId: `${stuck.id}-r2` } });
      expect(started.operation.id).toMatch(MINTED);
      await theirs.waitForStatus("complete");
    } finally {
      await theirs.dispose();
    }

    await expire(stuck.id);
    const resumed = await watch(env.START_RECORDING, `${stuck.id}-r2`);
    try {
      const result = await rpc.reconcile({});
      expect(result.ok && result.value.outcomes).toContainEqual(expect.objectContaining({ operationId: stuck.id, did: "compensating", instanceId: `${stuck.id}-r2` }));
      await resumed.waitForStatus("complete");
      expect(await resumed.getOutput()).toEqual({ state: "compensated" });
    } finally {
      await resumed.dispose();
    }
    expect(await operation(stuck.id)).toMatchObject({ state: "compensated", instanceId: `${stuck.id}-r2` });
  });
});

describe("reconciler: one bad operation cannot stall the others", () => {
  /** An operation row as code before minted ids could leave it: an id the Workflows refuse (a dot), stuck since long ago. */
  async function poisonedOperation(kind: "start_recording" | "delete_event" = "start_recording") {
    const owner = await makeOrganizer();
    const id = `legacy.${createId()}`;
    await env.WEBAPP_DB.prepare(
      `INSERT INTO operations (id, kind, account_id, subject_type, subject_id, state, step, attempts, instance_id, params, created_by, created_at, updated_at, deadline_at)
       VALUES (?, ?, ?, ?, ?, 'running', 'queued', 1, ?, '{}', ?, 0, 0, 0)`,
    )
      .bind(id, kind, owner.accountId, kind === "delete_event" ? "event" : "room", createId(), id, owner.id)
      .run();
    return id;
  }

  it("records a poisoned operation and resumes the genuine stuck one beside it in the same pass", async () => {
    const poisoned = await poisonedOperation();
    const { roomId, organizer } = await organizerWithRoom();
    const lost: StageApi = { ...rpc, startOperation: async () => ({ ok: true, value: { instanceId: "", created: false } }) };
    const { operation: stuck } = await startRecording({ ctx: ctxOf(organizer.id, lost), input: { roomId } });
    // The genuine one is behind the poisoned one in the pass (a later deadline).
    await env.WEBAPP_DB.prepare("UPDATE operations SET deadline_at = 1 WHERE id = ?").bind(stuck.id).run();

    const resumed = await watch(env.START_RECORDING, `${stuck.id}-r2`);
    try {
      const result = await rpc.reconcile({});
      expect(result.ok).toBe(true);
      const outcomes = result.ok ? result.value.outcomes : [];
      expect(outcomes).toContainEqual(expect.objectContaining({ operationId: poisoned, did: "failed" }));
      expect(outcomes).toContainEqual(expect.objectContaining({ operationId: stuck.id, did: "compensating", instanceId: `${stuck.id}-r2` }));
      await resumed.waitForStatus("complete");
    } finally {
      await resumed.dispose();
    }
    expect(await operation(stuck.id)).toMatchObject({ state: "compensated", attempts: 2 });
    // The poisoned one carries what went wrong, for an admin, and waits for its next turn behind the others.
    const row = await loadOperation({ ctx: testCtx(), input: { operationId: poisoned } });
    expect(row).toMatchObject({ state: "compensating", attempts: 2, lastError: expect.stringContaining("Reconciler:") });
    expect(row?.deadlineAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers an admin's Retry of a poisoned operation with conflict and records why on the row", async () => {
    const poisoned = await poisonedOperation("delete_event");
    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    await expect(adminOperationAction({ ctx: ctxOf(admin.id), input: { operationId: poisoned, action: "retry" } })).rejects.toMatchObject({ code: "conflict" });
    expect(await loadOperation({ ctx: testCtx(), input: { operationId: poisoned } })).toMatchObject({
      state: "running",
      attempts: 2,
      lastError: expect.stringContaining("invalid id"),
    });
  });

  for (const kind of ["start_recording", "delete_event"] as const) {
    it(`caps a ${kind === "start_recording" ? "compensation" : "roll-forward"} that keeps failing: after ${MAX_ATTEMPTS} attempts the operation is failed for an admin`, async () => {
      const poisoned = await poisonedOperation(kind);
      for (let pass = 0; pass < MAX_ATTEMPTS + 1; pass++) {
        await expire(poisoned);
        expect((await rpc.reconcile({})).ok).toBe(true);
      }
      const row = await loadOperation({ ctx: testCtx(), input: { operationId: poisoned } });
      expect(row).toMatchObject({ state: "failed" });
      expect(row?.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS + 1);
      // Failed operations are no longer taken up: the next pass does not look at it.
      await expire(poisoned);
      const next = await rpc.reconcile({});
      expect(next.ok && next.value.outcomes.filter((o) => o.operationId === poisoned)).toEqual([]);
    });
  }
});

describe("what a tenant reads about a failed flow", () => {
  it("shows the tenant a message written for them and the admin the provider's raw text", async () => {
    const { roomId, ctx, organizer } = await organizerWithRoom();
    const raw = "Mux API 500: upstream connect error or disconnect/reset before headers (10.0.3.7:443)";
    const instance = watched(env.START_RECORDING, (m) => m.mockStepError({ name: "create live stream" }, new Error(raw)));
    let operationId = "";
    try {
      operationId = (await startRecording({ ctx: { ...ctx, stage: instance.stage }, input: { roomId } })).operation.id;
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    const seen = await getOperation({ ctx: ctxOf(organizer.id), input: { operationId } });
    expect(seen).toMatchObject({ state: "compensated", lastError: GENERIC_OPERATION_ERROR });
    expect(JSON.stringify(seen)).not.toContain("Mux");

    const admin = await makeOrganizer();
    await env.WEBAPP_DB.prepare("UPDATE users SET platform_role = 'admin' WHERE id = ?").bind(admin.id).run();
    const listed = (await adminOperations({ ctx: ctxOf(admin.id), input: { state: "compensated" } })).find((o) => o.id === operationId);
    expect(listed?.lastError).toBe(raw);

    // A refusal the flow gave in words (the room is recording already) reaches the tenant as it is.
    const recorded = await recordingRoom();
    const refused = watched(env.START_RECORDING);
    let refusedId = "";
    try {
      refusedId = (await startRecording({ ctx: { ...recorded.ctx, stage: refused.stage }, input: { roomId: recorded.roomId } })).operation.id;
      await refused.waitForStatus("complete");
    } finally {
      await refused.dispose();
    }
    expect(await getOperation({ ctx: recorded.ctx, input: { operationId: refusedId } })).toMatchObject({
      state: "compensated",
      lastError: "This room is already being recorded",
    });
  });
});
