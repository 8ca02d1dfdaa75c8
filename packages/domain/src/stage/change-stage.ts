import type { z } from "zod";
import type { StageTimelineEntry } from "@greenroom/stage/contract";
import { createId } from "@paralleldrive/cuid2";
import { authorize, requireEditableEvent } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import { StageChangeInput } from "./schemas";
import { unwrap } from "./unwrap";

export const participantIdFor = (name: string) => `name:${name.trim().toLowerCase().replace(/\s+/g, " ")}`;

async function changeStage(ctx: Ctx, raw: z.input<typeof StageChangeInput>, action: "on_stage" | "off_stage"): Promise<StageTimelineEntry> {
  const input = parseInput(StageChangeInput, raw);
  const actor = requireActor(ctx);
  const access = await authorize(ctx, "stage.manage", { kind: "room", roomId: input.roomId });
  requireEditableEvent(access);
  return unwrap(
    await ctx.stage.recordStageEvent({
      stageEventId: input.requestId ?? createId(),
      accountId: access.accountId,
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
