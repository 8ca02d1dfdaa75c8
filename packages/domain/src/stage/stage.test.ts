import { stageEvents } from "@greenroom/db/sessions/schema";
import { sessionsDb } from "@greenroom/db/sessions/client";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer, testShards } from "../../test/factories";
import { getEvent } from "../events";
import { getStageTimeline, putOnStage, takeOffStage } from ".";
import { codeOf } from "../../test/outcome";

async function organizerWithRoom() {
  const org = await makeOrganizer();
  const event = await makeEvent(org);
  const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
  return { org, roomId: rooms[0]?.id ?? "" };
}

/** A room's stage events on each shard, [shard 0000, shard 0001]. */
const rowsByShard = (roomId: string) =>
  Promise.all(
    [...testShards().values()].map((db) => sessionsDb(db).select().from(stageEvents).where(eq(stageEvents.roomId, roomId))),
  );
const rowsFor = async (roomId: string) => (await rowsByShard(roomId)).flat();
const shardOf = async (accountId: string) =>
  (await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(accountId).first<{ shard_id: string }>())
    ?.shard_id;

describe("stage", () => {
  it("records on and off stage in order and derives who is on stage now", async () => {
    const { org, roomId } = await organizerWithRoom();
    await putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Grace Hopper" } });
    await putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Alan Turing" } });
    await takeOffStage({ ctx: org.ctx, input: { roomId, participantName: "Grace Hopper" } });
    const timeline = await getStageTimeline({ ctx: org.ctx, input: { roomId } });
    expect(timeline.entries.map((e) => [e.seq, e.participantName, e.action])).toEqual([
      [1, "Grace Hopper", "on_stage"],
      [2, "Alan Turing", "on_stage"],
      [3, "Grace Hopper", "off_stage"],
    ]);
    expect(timeline.onStage.map((p) => p.participantName)).toEqual(["Alan Turing"]);
    expect(timeline.entries.every((e) => e.actorId === org.id)).toBe(true);
  });

  it("refuses to put someone on stage twice or take off someone who is not on", async () => {
    const { org, roomId } = await organizerWithRoom();
    expect(await codeOf(takeOffStage({ ctx: org.ctx, input: { roomId, participantName: "Nobody" } }))).toBe("conflict");
    await putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Ada" } });
    expect(await codeOf(putOnStage({ ctx: org.ctx, input: { roomId, participantName: "ada " } }))).toBe("conflict");
    expect(await rowsFor(roomId)).toHaveLength(1);
  });

  it("records a retried request once", async () => {
    const { org, roomId } = await organizerWithRoom();
    const requestId = createId();
    const first = await putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Ada", requestId } });
    const again = await putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Ada", requestId } });
    expect(again.id).toBe(first.id);
    expect(await rowsFor(roomId)).toHaveLength(1);
  });

  it("lets exactly one of many concurrent put-on-stage requests through", async () => {
    const { org, roomId } = await organizerWithRoom();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => putOnStage({ ctx: org.ctx, input: { roomId, participantName: "Linus" } })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await rowsFor(roomId);
    expect(rows.map((r) => r.seq)).toEqual([1]);
  });

  it("hides another tenant's room and writes nothing for them", async () => {
    const { roomId } = await organizerWithRoom();
    const stranger = await makeOrganizer();
    expect(await codeOf(putOnStage({ ctx: stranger.ctx, input: { roomId, participantName: "Mallory" } }))).toBe(
      "not_found",
    );
    expect(await codeOf(getStageTimeline({ ctx: stranger.ctx, input: { roomId } }))).toBe("not_found");
    expect(await rowsFor(roomId)).toHaveLength(0);
  });

  it("keeps each account on the shard it was given first, and two accounts on different shards apart", async () => {
    const a = await organizerWithRoom();
    const b = await organizerWithRoom();
    await putOnStage({ ctx: a.org.ctx, input: { roomId: a.roomId, participantName: "Ada" } });
    await putOnStage({ ctx: b.org.ctx, input: { roomId: b.roomId, participantName: "Bob" } });
    const [shardA, shardB] = [await shardOf(a.org.accountId), await shardOf(b.org.accountId)];
    expect(shardA).toMatch(/^000[01]$/);
    expect(shardB).toMatch(/^000[01]$/);
    // Each account's rows live on its shard and nowhere else.
    const [aRows, bRows] = [await rowsByShard(a.roomId), await rowsByShard(b.roomId)];
    expect(aRows.map((rows) => rows.length)).toEqual(shardA === "0000" ? [1, 0] : [0, 1]);
    expect(bRows.map((rows) => rows.length)).toEqual(shardB === "0000" ? [1, 0] : [0, 1]);
    // A later change of the same account goes to the same shard.
    await takeOffStage({ ctx: a.org.ctx, input: { roomId: a.roomId, participantName: "Ada" } });
    expect(await shardOf(a.org.accountId)).toBe(shardA);
    expect((await rowsByShard(a.roomId)).map((rows) => rows.length)).toEqual(shardA === "0000" ? [2, 0] : [0, 2]);
    // Neither sees the other's stage.
    expect(await codeOf(getStageTimeline({ ctx: b.org.ctx, input: { roomId: a.roomId } }))).toBe("not_found");
    expect((await getStageTimeline({ ctx: b.org.ctx, input: { roomId: b.roomId } })).entries.map((e) => e.participantName)).toEqual([
      "Bob",
    ]);
  });

  it("spreads new accounts over the shared shards, least loaded first", async () => {
    const before = await env.WEBAPP_DB.prepare(
      "SELECT shard_id, COUNT(*) AS n FROM account_shards GROUP BY shard_id ORDER BY shard_id",
    ).all<{ shard_id: string; n: number }>();
    const counts = new Map(before.results.map((r) => [r.shard_id, r.n]));
    for (let i = 0; i < 4; i++) {
      const { org, roomId } = await organizerWithRoom();
      await getStageTimeline({ ctx: org.ctx, input: { roomId } });
      const shard = (await shardOf(org.accountId)) ?? "";
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    const [zero, one] = [counts.get("0000") ?? 0, counts.get("0001") ?? 0];
    expect(Math.abs(zero - one)).toBeLessThanOrEqual(1);
  });
});
