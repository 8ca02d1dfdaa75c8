import type { z } from "zod";

import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { type ParticipantRow, participantsPageQuery, toEntry } from "./query";
import { ListParticipantsInput, encodeCursor } from "./schemas";
import { type ParticipantsPage, cursorAfter } from "./pages";

/**
 * One page of an event's members and pending invitees, newest first, with keyset paging: authorization and
 * the page travel in one batch, one D1 round trip. Requires `participants.view` on the event. Deliberately not
 * cached (no KV): a page costs the same indexed read at any depth, and a cache would serve revoked access.
 */
export async function listParticipants({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListParticipantsInput> }): Promise<ParticipantsPage> {
  const data = parseInput(ListParticipantsInput, input);
  // One row more than the page tells whether there is a next page without counting the event.
  const [access, rows] = await authorizeAndRead<ParticipantRow>(
    ctx,
    "participants.view",
    { kind: "event", eventId: data.eventId },
    participantsPageQuery(data, data.after, data.limit + 1),
  );
  const page = rows.slice(0, data.limit);
  const last = page.at(-1);
  return {
    entries: page.map(toEntry),
    nextCursor: rows.length > data.limit && last ? encodeCursor(cursorAfter(last)) : null,
    access,
  };
}
