import { createId } from "@paralleldrive/cuid2";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// The same RPC entrypoint the webapp reaches over its service binding.
const rpc = exports.StageRpc;

const change = (over: Partial<Record<string, unknown>> = {}) => ({
  shard: "0000",
  stageEventId: createId(),
  accountId: "acct_1",
  eventId: "event_1",
  roomId: "room_1",
  participantId: "p_1",
  participantName: "Ada",
  action: "on_stage",
  actorId: "user_1",
  occurredAtMs: 1_700_000_000_000,
  ...over,
});

describe("StageRpc", () => {
  it("records stage events and reads the timeline back", async () => {
    const roomId = createId();
    const on = await rpc.recordStageEvent(change({ roomId }));
    expect(on).toMatchObject({ ok: true, value: { seq: 1, action: "on_stage" } });
    const off = await rpc.recordStageEvent(change({ roomId, action: "off_stage", occurredAtMs: 1_700_000_005_000 }));
    expect(off).toMatchObject({ ok: true, value: { seq: 2, action: "off_stage" } });
    const timeline = await rpc.stageTimeline({ shard: "0000", accountId: "acct_1", roomId });
    expect(timeline.ok && timeline.value.entries.map((e: { action: string }) => e.action)).toEqual(["on_stage", "off_stage"]);
    expect(timeline.ok && timeline.value.onStage).toEqual([]);
  });

  it("keeps tenants apart: another account's timeline of the same room id is empty", async () => {
    const roomId = createId();
    await rpc.recordStageEvent(change({ roomId }));
    const other = await rpc.stageTimeline({ shard: "0000", accountId: "acct_2", roomId });
    expect(other).toMatchObject({ ok: true, value: { recording: null, entries: [], onStage: [] } });
  });

  it("routes by shard: the same room id on the other shard is another timeline, and an unknown shard is refused", async () => {
    const roomId = createId();
    await rpc.recordStageEvent(change({ roomId }));
    await rpc.recordStageEvent(change({ roomId, shard: "0001", participantId: "p_2", participantName: "Bo" }));
    const zero = await rpc.stageTimeline({ shard: "0000", accountId: "acct_1", roomId });
    const one = await rpc.stageTimeline({ shard: "0001", accountId: "acct_1", roomId });
    expect(zero.ok && zero.value.entries.map((e: { participantName: string }) => e.participantName)).toEqual(["Ada"]);
    expect(one.ok && one.value.entries.map((e: { participantName: string }) => e.participantName)).toEqual(["Bo"]);
    expect(await rpc.stageTimeline({ shard: "0002", accountId: "acct_1", roomId })).toMatchObject({ ok: false, code: "invalid" });
    expect(await rpc.recordStageEvent(change({ roomId, shard: undefined }))).toMatchObject({ ok: false, code: "invalid" });
  });

  it("answers malformed input with an invalid result, not an exception", async () => {
    const result = await rpc.recordStageEvent({ roomId: 42 } as never);
    expect(result).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("fetch", () => {
  it("serves a health check and 404 elsewhere", async () => {
    const health = await exports.default.fetch("http://workers/health");
    expect(await health.json()).toEqual({ ok: true, service: "greenroom-workers" });
    expect((await exports.default.fetch("http://workers/nope")).status).toBe(404);
  });
});
