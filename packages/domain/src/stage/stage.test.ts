import { stageEvents } from "@greenroom/db/sessions/schema";
import { sessionsDb } from "@greenroom/db/sessions/client";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeGrant, makeOrganizer, testShards } from "../../test/factories";
import { getEvent } from "../events";
import { roomPage } from "../pages";
import { getStageTimeline, putOnStage, takeOffStage } from ".";
import { codeOf, failure } from "../../test/outcome";

async function organizerWithRoom() {
  const org = await makeOrganizer();
  const event = await makeEvent(org, { rooms: [{ name: "Main stage", kind: "stage" }, { name: "Side room", kind: "breakout" }] });
  const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
  return { org, event, roomId: rooms[0]?.id ?? "", sideRoomId: rooms[1]?.id ?? "" };
}

/** Guests by name: the old free-text stage, still what the ordering and concurrency tests need. */
const guest = (roomId: string, guestName: string, requestId?: string) => ({ roomId, guestName, ...(requestId ? { requestId } : {}) });
const off = (roomId: string, participantId: string, participantName: string) => ({ roomId, participantId, participantName });

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
    await putOnStage({ ctx: org.ctx, input: guest(roomId, "Grace Hopper") });
    await putOnStage({ ctx: org.ctx, input: guest(roomId, "Alan Turing") });
    await takeOffStage({ ctx: org.ctx, input: off(roomId, "guest:grace hopper", "Grace Hopper") });
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
    expect(await codeOf(takeOffStage({ ctx: org.ctx, input: off(roomId, "guest:nobody", "Nobody") }))).toBe("conflict");
    await putOnStage({ ctx: org.ctx, input: guest(roomId, "Ada") });
    expect(await codeOf(putOnStage({ ctx: org.ctx, input: guest(roomId, " ada ") }))).toBe("conflict");
    expect(await rowsFor(roomId)).toHaveLength(1);
  });

  it("a requestId another account already used on the same shard records this account's change all the same", async () => {
    const first = await organizerWithRoom();
    const requestId = createId();
    await putOnStage({ ctx: first.org.ctx, input: guest(first.roomId, "Grace Hopper", requestId) });
    // A second account on the same shard sends the very same key (guessed, or copied from a request it saw).
    const second = await organizerWithRoom();
    await env.WEBAPP_DB.prepare("INSERT INTO account_shards (account_id, shard_id, pinned, assigned_at) VALUES (?, ?, 0, 0)")
      .bind(second.org.accountId, await shardOf(first.org.accountId))
      .run();
    await putOnStage({ ctx: second.org.ctx, input: guest(second.roomId, "Alan Turing", requestId) });

    expect((await rowsFor(second.roomId)).map((row) => row.participantName)).toEqual(["Alan Turing"]);
    expect((await rowsFor(first.roomId)).map((row) => row.participantName)).toEqual(["Grace Hopper"]);
    expect(await shardOf(second.org.accountId)).toBe(await shardOf(first.org.accountId));
  });

  it("records a retried request once", async () => {
    const { org, roomId } = await organizerWithRoom();
    const requestId = createId();
    const first = await putOnStage({ ctx: org.ctx, input: guest(roomId, "Ada", requestId) });
    const again = await putOnStage({ ctx: org.ctx, input: guest(roomId, "Ada", requestId) });
    expect(again.id).toBe(first.id);
    expect(await rowsFor(roomId)).toHaveLength(1);
  });

  it("lets exactly one of many concurrent put-on-stage requests through", async () => {
    const { org, roomId } = await organizerWithRoom();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => putOnStage({ ctx: org.ctx, input: guest(roomId, "Linus") })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rows = await rowsFor(roomId);
    expect(rows.map((r) => r.seq)).toEqual([1]);
  });

  it("hides another tenant's room and writes nothing for them", async () => {
    const { roomId } = await organizerWithRoom();
    const stranger = await makeOrganizer();
    expect(await codeOf(putOnStage({ ctx: stranger.ctx, input: guest(roomId, "Mallory") }))).toBe(
      "not_found",
    );
    expect(await codeOf(getStageTimeline({ ctx: stranger.ctx, input: { roomId } }))).toBe("not_found");
    expect(await rowsFor(roomId)).toHaveLength(0);
  });

  it("keeps each account on the shard it was given first, and two accounts on different shards apart", async () => {
    const a = await organizerWithRoom();
    const b = await organizerWithRoom();
    await putOnStage({ ctx: a.org.ctx, input: guest(a.roomId, "Ada") });
    await putOnStage({ ctx: b.org.ctx, input: guest(b.roomId, "Bob") });
    const [shardA, shardB] = [await shardOf(a.org.accountId), await shardOf(b.org.accountId)];
    expect(shardA).toMatch(/^000[01]$/);
    expect(shardB).toMatch(/^000[01]$/);
    // Each account's rows live on its shard and nowhere else.
    const [aRows, bRows] = [await rowsByShard(a.roomId), await rowsByShard(b.roomId)];
    expect(aRows.map((rows) => rows.length)).toEqual(shardA === "0000" ? [1, 0] : [0, 1]);
    expect(bRows.map((rows) => rows.length)).toEqual(shardB === "0000" ? [1, 0] : [0, 1]);
    // A later change of the same account goes to the same shard.
    await takeOffStage({ ctx: a.org.ctx, input: off(a.roomId, "guest:ada", "Ada") });
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

  it("puts a person granted the room or its whole event on stage by user id, with their account's name", async () => {
    const { org, event, roomId, sideRoomId } = await organizerWithRoom();
    const speaker = await makeOrganizer({ name: "Sam Speaker" });
    const attendee = await makeOrganizer({ name: "Ann Attendee" });
    await makeGrant(event, speaker, { roleId: "role_speaker", roomId });
    await makeGrant(event, attendee, { roleId: "role_attendee" });
    const requestId = createId();
    const entry = await putOnStage({ ctx: org.ctx, input: { roomId, userId: speaker.id, requestId } });
    expect(entry).toMatchObject({ participantId: `user:${speaker.id}`, participantName: "Sam Speaker", userId: speaker.id });
    expect((await putOnStage({ ctx: org.ctx, input: { roomId, userId: speaker.id, requestId } })).id).toBe(entry.id);
    await putOnStage({ ctx: org.ctx, input: { roomId, userId: attendee.id } });
    const timeline = await getStageTimeline({ ctx: org.ctx, input: { roomId } });
    expect(timeline.onStage.map((p) => [p.participantName, p.userId])).toEqual([
      ["Sam Speaker", speaker.id],
      ["Ann Attendee", attendee.id],
    ]);
    // The stage page lists exactly the people granted this room, each with their role.
    const page = await roomPage({ ctx: org.ctx, input: { roomId, permission: "stage.view" } });
    expect(page.candidates.map((c) => [c.name, c.roles])).toEqual([
      ["Ann Attendee", ["Attendee"]],
      ["Sam Speaker", ["Speaker"]],
    ]);
    const side = await roomPage({ ctx: org.ctx, input: { roomId: sideRoomId, permission: "stage.view" } });
    expect(side.candidates.map((c) => c.name)).toEqual(["Ann Attendee"]);
    await takeOffStage({ ctx: org.ctx, input: off(roomId, `user:${speaker.id}`, "Sam Speaker") });
    const after = await getStageTimeline({ ctx: org.ctx, input: { roomId } });
    expect(after.entries.at(-1)).toMatchObject({ action: "off_stage", userId: speaker.id });
  });

  it("refuses a user without a grant for the room (another room's grant, another event's, none) and records nothing", async () => {
    const { org, event, roomId, sideRoomId } = await organizerWithRoom();
    const sideOnly = await makeOrganizer();
    await makeGrant(event, sideOnly, { roleId: "role_speaker", roomId: sideRoomId });
    const elsewhere = await makeOrganizer();
    const otherEvent = await makeEvent(org);
    await makeGrant(otherEvent, elsewhere, { roleId: "role_speaker" });
    const nobody = await makeOrganizer();
    for (const user of [sideOnly, elsewhere, nobody, { id: "no-such-user" }]) {
      const error = await failure(putOnStage({ ctx: org.ctx, input: { roomId, userId: user.id } }));
      expect(error?.code).toBe("invalid");
      expect(error?.fieldErrors?.userId).toEqual(["Pick someone who has been granted this room"]);
    }
    expect(await rowsFor(roomId)).toHaveLength(0);
    // The side-room grant is good for the side room.
    await putOnStage({ ctx: org.ctx, input: { roomId: sideRoomId, userId: sideOnly.id } });
    expect(await rowsFor(sideRoomId)).toHaveLength(1);
  });

  it("adds a guest by name, marked as a guest: no user id, a guest: participant id", async () => {
    const { org, roomId } = await organizerWithRoom();
    const entry = await putOnStage({ ctx: org.ctx, input: guest(roomId, "  Grace   HOPPER ") });
    expect(entry).toMatchObject({ participantId: "guest:grace hopper", participantName: "Grace   HOPPER", userId: null });
    const [row] = await rowsFor(roomId);
    expect(row).toMatchObject({ participantId: "guest:grace hopper", userId: null });
  });

  it("asks for exactly one of a person or a guest's name, with field messages", async () => {
    const { org, roomId } = await organizerWithRoom();
    const both = await failure(putOnStage({ ctx: org.ctx, input: { roomId, userId: org.id, guestName: "Ada" } }));
    expect(both?.fieldErrors?._form).toEqual(["Pick a person granted this room, or enter a guest's name"]);
    const neither = await failure(putOnStage({ ctx: org.ctx, input: { roomId } }));
    expect(neither?.code).toBe("invalid");
    const blank = await failure(putOnStage({ ctx: org.ctx, input: { roomId, guestName: "  " } }));
    expect(blank?.fieldErrors?.guestName).toEqual(["Enter the guest's name"]);
    const unpicked = await failure(putOnStage({ ctx: org.ctx, input: { roomId, userId: "" } }));
    expect(unpicked?.fieldErrors?.userId).toEqual(["Pick who goes on stage"]);
    expect(await rowsFor(roomId)).toHaveLength(0);
  });
});
