import type { z } from "zod";
import type { StageTimeline } from "@greenroom/stage/contract";
import { authorize } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { StageTimelineInput } from "./schemas";
import { unwrap } from "./unwrap";

export async function getStageTimeline({ ctx, input }: { ctx: Ctx; input: z.input<typeof StageTimelineInput> }): Promise<StageTimeline> {
  const { roomId } = parseInput(StageTimelineInput, input);
  const access = await authorize(ctx, "stage.view", { kind: "room", roomId });
  return unwrap(await ctx.stage.stageTimeline({ accountId: access.accountId, roomId }));
}
