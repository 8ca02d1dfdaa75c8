import type { z } from "zod";
import type { StageTimelineEntry } from "@greenroom/stage/contract";
import { sql } from "drizzle-orm";
import { type Authorized, authorizeAndReadAll, requireEditableEvent } from "../access";
import { shardFromRows, shardStatements } from "../shards/assign";
import { type Ctx, requireActor } from "../context";
import { invalid, parseInput } from "../errors";
import { keyedId, newId } from "../ids";
import { guestParticipantId, stageCandidatesQuery, toStageCandidate, userParticipantId } from "./candidates";
import { PutOnStageInput, TakeOffStageInput } from "./schemas";
import { unwrap } from "./unwrap";

type Participant = { participantId: string; participantName: string; userId: string | null };

const roomAccount = (roomId: string) => sql`SELECT account_id FROM rooms WHERE id = ${roomId}`;

async function record(
  ctx: Ctx,
  access: Authorized,
  shard: string,
  input: { roomId: string; requestId?: string | undefined },
  who: Participant,
  action: "on_stage" | "off_stage",
): Promise<StageTimelineEntry> {
  requireEditableEvent(access);
  return unwrap(
    await ctx.stage.recordStageEvent({
      shard,
      // A caller's requestId is only a key: the row id is derived from it with the account and room.
      stageEventId: input.requestId ? await keyedId(access.accountId, input.roomId, input.requestId) : newId(),
      accountId: access.accountId,
      eventId: access.eventId ?? "",
      roomId: input.roomId,
      ...who,
      action,
      actorId: requireActor(ctx).userId,
      occurredAtMs: ctx.now().getTime(),
    }),
  );
}

// verb-exempt: its only write is the account's sessions shard, assigned once on first use; nothing to audit
/**
 * Puts a person granted the room (by user id) or a guest (by name) on stage. Authorization, the account's shard and
 * the person's grant for this room or its event are one batch; someone without such a grant is a field error and
 * nothing is recorded. Then one RPC call records the change (keyed by `requestId`) and publishes it to the room.
 */
export async function putOnStage({ ctx, input }: { ctx: Ctx; input: z.input<typeof PutOnStageInput> }): Promise<StageTimelineEntry> {
  const parsed = parseInput(PutOnStageInput, input);
  const [access, [, shardRows, grantedRows]] = await authorizeAndReadAll<[unknown[], unknown[], unknown[]]>(
    ctx,
    "stage.manage",
    { kind: "room", roomId: parsed.roomId },
    [...shardStatements(roomAccount(parsed.roomId), ctx.now()), stageCandidatesQuery(parsed.roomId, parsed.userId ?? "")],
  );
  let who: Participant;
  if (parsed.userId !== undefined) {
    const person = grantedRows[0] ? toStageCandidate(grantedRows[0]) : null;
    if (!person) throw invalid("Some fields need attention", { userId: ["Pick someone who has been granted this room"] });
    who = { participantId: userParticipantId(person.userId), participantName: person.name, userId: person.userId };
  } else {
    const name = parsed.guestName ?? "";
    who = { participantId: guestParticipantId(name), participantName: name, userId: null };
  }
  return record(ctx, access, shardFromRows(shardRows), parsed, who, "on_stage");
}

// verb-exempt: its only write is the account's sessions shard, assigned once on first use; nothing to audit
/** Takes whoever the on-stage list names (a person's `user:` id or a guest's `guest:` id) off stage. */
export async function takeOffStage({ ctx, input }: { ctx: Ctx; input: z.input<typeof TakeOffStageInput> }): Promise<StageTimelineEntry> {
  const parsed = parseInput(TakeOffStageInput, input);
  const [access, [, shardRows]] = await authorizeAndReadAll<[unknown[], unknown[]]>(
    ctx,
    "stage.manage",
    { kind: "room", roomId: parsed.roomId },
    shardStatements(roomAccount(parsed.roomId), ctx.now()),
  );
  const userId = parsed.participantId.startsWith("user:") ? parsed.participantId.slice("user:".length) : null;
  const who = { participantId: parsed.participantId, participantName: parsed.participantName, userId };
  return record(ctx, access, shardFromRows(shardRows), parsed, who, "off_stage");
}
