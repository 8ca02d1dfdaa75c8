import { introspectWorkflowInstance } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import type { Ctx } from "@greenroom/domain/context";
import {
  adminOperationAction,
  deleteEvent,
  deleteOwnAccount,
  deleteUser,
  getOperation,
  loadOperation,
  startRecording,
  stopRecording,
} from "@greenroom/domain/operations";
import { localId, type StageApi } from "@greenroom/stage";
import { createId } from "@paralleldrive/cuid2";
import { describe, expect, it } from "vitest";
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

async function organizerWithRoom() {
  const organizer = await makeOrganizer();
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
  const operationId = createId();
  const instance = await watch(env.START_RECORDING, operationId);
  try {
    await startRecording({ ctx: fixture.ctx, input: { roomId: fixture.roomId, requestId: operationId } });
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
    // One structured log line per sessions-side step, from the workflow layer.
    expect(await count(shard, "session_logs WHERE operation_id = ? AND source = 'workflow'", sessionId)).toBe(3);
  });

  it("makes one operation and one session for a double start, and answers the same operation to both", async () => {
    const { roomId, ctx, organizer } = await organizerWithRoom();
    const first = createId();
    const instance = await watch(env.START_RECORDING, first);
    try {
      const [a, b] = await Promise.all([
        startRecording({ ctx, input: { roomId, requestId: first } }),
        startRecording({ ctx, input: { roomId, requestId: createId() } }),
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

  for (const failing of ["check grant", "create session", "create live stream", "start egress"]) {
    it(`compensates when "${failing}" fails for good: no live session is left and the room records again`, async () => {
      const { roomId, ctx, organizer } = await organizerWithRoom();
      const operationId = createId();
      const instance = await watch(env.START_RECORDING, operationId, (m) => m.mockStepError({ name: failing }, new Error(`${failing} is down`)));
      try {
        await startRecording({ ctx, input: { roomId, requestId: operationId } });
        await instance.waitForStatus("complete");
        expect(await instance.getOutput()).toEqual({ state: "compensated" });
      } finally {
        await instance.dispose();
      }
      const op = await operation(operationId);
      expect(op).toMatchObject({ state: "compensated", lastError: `${failing} is down` });
      const shard = await shardOf(organizer.accountId);
      expect(await count(shard, "recording_sessions WHERE room_id = ? AND status NOT IN ('failed')", roomId)).toBe(0);

      // Nothing stuck behind: a second start records, and the room has exactly one live session.
      const again = createId();
      const second = await watch(env.START_RECORDING, again);
      try {
        await startRecording({ ctx, input: { roomId, requestId: again } });
        await second.waitForStatus("complete");
      } finally {
        await second.dispose();
      }
      expect(await count(shard, "recording_sessions WHERE room_id = ? AND status = 'recording'", roomId)).toBe(1);
    });
  }

  it("refuses a start once the room is recording, and compensates nothing of the first", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    const operationId = createId();
    const instance = await watch(env.START_RECORDING, operationId);
    try {
      await startRecording({ ctx, input: { roomId, requestId: operationId } });
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
    const operationId = createId();
    await startRecording({ ctx: ctxOf(organizer.id, lost), input: { roomId, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.STOP_RECORDING, operationId);
    try {
      await stopRecording({ ctx, input: { roomId, requestId: operationId } });
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

  it("goes back to recording when the egress cannot be stopped", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    const operationId = createId();
    const instance = await watch(env.STOP_RECORDING, operationId, (m) => m.mockStepError({ name: "stop egress" }, new Error("egress API down")));
    try {
      await stopRecording({ ctx, input: { roomId, requestId: operationId } });
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await operation(operationId)).toMatchObject({ state: "compensated", lastError: "egress API down" });
    expect(await shard.prepare("SELECT status FROM recording_sessions WHERE id = ?").bind(sessionId).first("status")).toBe("recording");
  });

  it("rolls forward past the egress stop: a step timing out for good is resumed by the reconciler", async () => {
    const { roomId, ctx, sessionId, shard } = await recordingRoom();
    const operationId = createId();
    const first = await watch(env.STOP_RECORDING, operationId, async (m) => {
      m.forceStepTimeout({ name: "mark stopped" });
    });
    try {
      await stopRecording({ ctx, input: { roomId, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_EVENT, operationId);
    try {
      const started = await deleteEvent({ ctx, input: { eventId: event.id, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_EVENT, operationId);
    try {
      await deleteEvent({ ctx, input: { eventId: event.id, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_EVENT, operationId, (m) => m.mockStepError({ name: "mark event deleting" }, new Error("webapp D1 busy")));
    try {
      await deleteEvent({ ctx, input: { eventId: event.id, requestId: operationId } });
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
      const operationId = createId();
      const first = await watch(env.DELETE_EVENT, operationId, async (m) => {
        if (stop.how === "fails for good") await m.mockStepError({ name: stop.name }, new Error("shard unreachable"));
        else m.forceStepTimeout({ name: stop.name });
      });
      try {
        await deleteEvent({ ctx, input: { eventId: event.id, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_USER, operationId);
    try {
      await deleteUser({ ctx: ctxOf(admin.id), input: { userId: doomed.id, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_USER, operationId, (m) => m.mockStepError({ name: "mark user deleting" }, new Error("busy")));
    try {
      await deleteUser({ ctx: ctxOf(admin.id), input: { userId: doomed.id, requestId: operationId } });
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
    const operationId = createId();
    const first = await watch(env.DELETE_USER, operationId, (m) => m.mockStepError({ name: "delete shard rows 0001" }, new Error("shard 0001 down")));
    try {
      await deleteUser({ ctx: ctxOf(admin.id), input: { userId: doomed.id, requestId: operationId } });
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
    const operationId = createId();
    const instance = await watch(env.DELETE_USER, operationId);
    try {
      await deleteOwnAccount({ ctx: ctxOf(me.id), input: { requestId: operationId } });
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
