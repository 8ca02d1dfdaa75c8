import { z } from "zod";
import { type Authorized, authorizeAndReadAll } from "../access";
import { type Ctx, requireActor } from "../context";
import { parseInput } from "../errors";
import type { EventRow, RoomRow } from "../events";
import { eventShell, type EventShellRows, eventShellQueries } from "./event-shell";

export const EventPageInput = z.object({ eventId: z.string().min(1).max(64) });

export type EventPageData = { event: EventRow; rooms: RoomRow[]; access: Authorized };

/** The event page (/events/:id): the event, the rooms the actor may see and their permissions. One round trip. */
export async function eventPage({ ctx, input }: { ctx: Ctx; input: z.input<typeof EventPageInput> }): Promise<EventPageData> {
  const { eventId } = parseInput(EventPageInput, input);
  const actor = requireActor(ctx);
  const [access, rows] = await authorizeAndReadAll<EventShellRows>(
    ctx,
    "event.view",
    { kind: "event", eventId },
    eventShellQueries(eventId, actor.userId),
  );
  return { ...eventShell(access, rows), access };
}
