import type { StageTimeline } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorizeAndReadAll } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { shardFromRows, shardStatements } from "../shards/assign";
import { StageTimelineInput } from "./schemas";
import { unwrap } from "./unwrap";

// verb-exempt: its only write is the account's sessions shard, assigned once on first use; nothing to audit
export async function getStageTimeline({ ctx, input }: { ctx: Ctx; input: z.input<typeof StageTimelineInput> }): Promise<StageTimeline> {
  const { roomId } = parseInput(StageTimelineInput, input);
  const [access, [, shardRows]] = await authorizeAndReadAll<[unknown[], unknown[]]>(
    ctx,
    "stage.view",
    { kind: "room", roomId },
    shardStatements(sql`SELECT account_id FROM rooms WHERE id = ${roomId}`, ctx.now()),
  );
  return unwrap(await ctx.stage.stageTimeline({ shard: shardFromRows(shardRows), accountId: access.accountId, roomId }));
}
