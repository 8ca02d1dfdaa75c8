import type { z } from "zod";
import type { StageTimelineEntry } from "@greenroom/stage/contract";
import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { authorizeAndReadAll, requireEditableEvent } from "../access";
import { shardFromRows, shardStatements } from "../shards/assign";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import { StageChangeInput } from "./schemas";
import { unwrap } from "./unwrap";

export const participantIdFor = (name: string) => `name:${name.trim().toLowerCase().replace(/\s+/g, " ")}`;

async function changeStage(ctx: Ctx, raw: z.input<typeof StageChangeInput>, action: "on_stage" | "off_stage"): Promise<StageTimelineEntry> {
  const input = parseInput(StageChangeInput, raw);
  const actor = requireActor(ctx);
  // Authorization and the account's shard (assigned on first use) in one batch, then one RPC call.
  const [access, [, shardRows]] = await authorizeAndReadAll<[unknown[], unknown[]]>(
    ctx,
    "stage.manage",
    { kind: "room", roomId: input.roomId },
    shardStatements(sql`SELECT account_id FROM rooms WHERE id = ${input.roomId}`, ctx.now()),
  );
  requireEditableEvent(access);
  return unwrap(
    await ctx.stage.recordStageEvent({
      shard: shardFromRows(shardRows),
      stageEventId: input.requestId ?? createId(),
      accountId: access.accountId,
      eventId: access.eventId ?? "",
      roomId: input.roomId,
      participantId: input.participantId ?? participantIdFor(input.participantName),
      participantName: input.participantName,
      action,
      actorId: actor.userId,
      occurredAtMs: ctx.now().getTime(),
    }),
  );
}

export const putOnStage = ({ ctx, input }: { ctx: Ctx; input: z.input<typeof StageChangeInput> }) => changeStage(ctx, input, "on_stage");

export const takeOffStage = ({ ctx, input }: { ctx: Ctx; input: z.input<typeof StageChangeInput> }) => changeStage(ctx, input, "off_stage");
