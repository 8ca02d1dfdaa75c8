import { stageEvents } from "@greenroom/db/sessions/schema";
import { sessionsDb } from "@greenroom/db/sessions/client";
import { createId } from "@paralleldrive/cuid2";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { makeEvent, makeOrganizer } from "../../test/factories";
import { getEvent } from "../events";
import { getStageTimeline, putOnStage, takeOffStage } from ".";
import { codeOf } from "../../test/outcome";

async function organizerWithRoom() {
  const org = await makeOrganizer();
  const event = await makeEvent(org);
  const { rooms } = await getEvent({ ctx: org.ctx, input: { eventId: event.id } });
  return { org, roomId: rooms[0]?.id ?? "" };
}

const rowsFor = (roomId: string) =>
  sessionsDb(env.SESSIONS_DB_0000).select().from(stageEvents).where(eq(stageEvents.roomId, roomId));

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
});
