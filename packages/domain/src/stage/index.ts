import type { StageResult, StageTimeline, StageTimelineEntry } from "@greenroom/stage/contract";
import { createId } from "@paralleldrive/cuid2";
import { z } from "zod";
import { authorize } from "../access";
import { type Ctx, requireActor } from "../context";
import { DomainError, parseInput } from "../errors";

export const StageChangeInput = z.object({
  roomId: z.string().min(1).max(64),
  participantName: z.string().trim().min(1, "Enter the participant's name").max(120, "Use at most 120 characters"),
  // The participant's stable id; derived from the name when the caller has none.
  participantId: z.string().min(1).max(128).optional(),
  // One id per user intent (a rendered form), so a double submit or retry records one event.
  requestId: z.string().min(8).max(64).optional(),
});
export type StageChangeInput = z.infer<typeof StageChangeInput>;

function unwrap<T>(result: StageResult<T>): T {
  if (result.ok) return result.value;
  throw new DomainError(result.code, result.message);
}

export const participantIdFor = (name: string) => `name:${name.trim().toLowerCase().replace(/\s+/g, " ")}`;

async function changeStage(ctx: Ctx, raw: unknown, action: "on_stage" | "off_stage"): Promise<StageTimelineEntry> {
  const input = parseInput(StageChangeInput, raw);
  const actor = requireActor(ctx);
  const access = await authorize(ctx, "stage.manage", { kind: "room", roomId: input.roomId });
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

export const putOnStage = ({ ctx, input }: { ctx: Ctx; input: unknown }) => changeStage(ctx, input, "on_stage");
export const takeOffStage = ({ ctx, input }: { ctx: Ctx; input: unknown }) => changeStage(ctx, input, "off_stage");

export async function getStageTimeline({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<StageTimeline> {
  const { roomId } = parseInput(z.object({ roomId: z.string().min(1).max(64) }), input);
  const access = await authorize(ctx, "stage.view", { kind: "room", roomId });
  return unwrap(await ctx.stage.stageTimeline({ accountId: access.accountId, roomId }));
}
