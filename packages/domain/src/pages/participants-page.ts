import type { z } from "zod";
import { authorizeAndReadAll } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import type { ParticipantFilterOptions, ParticipantsPage } from "../participants";
import { type FilterOptionRow, filterOptionsQuery, toFilterOptions } from "../participants/participant-filters";
import { type ParticipantRow, participantsPageQuery, toEntry } from "../participants/query";
import { encodeCursor, ListParticipantsInput } from "../participants/schemas";

export type ParticipantsPageData = { page: ParticipantsPage; options: ParticipantFilterOptions };

/**
 * The participants page (/events/:id/participants): one keyset page of the list (as `listParticipants`) and the
 * filter options (as `participantFilters`), with authorization, in one batch: one round trip. Requires
 * `participants.view`.
 */
export async function participantsPage({
  ctx,
  input,
}: {
  ctx: Ctx;
  /** As `listParticipants` takes it; `status` may arrive as any URL text and is checked here. */
  input: Omit<z.input<typeof ListParticipantsInput>, "status"> & { status?: string };
}): Promise<ParticipantsPageData> {
  const data = parseInput(ListParticipantsInput, input);
  const { eventId } = data;
  // One row more than the page tells whether there is a next page without counting the event.
  const [access, [rows, optionRows]] = await authorizeAndReadAll<[ParticipantRow[], FilterOptionRow[]]>(
    ctx,
    "participants.view",
    { kind: "event", eventId },
    [
      participantsPageQuery(data, data.after, data.limit + 1),
      filterOptionsQuery(eventId),
    ],
  );
  // Mapped first: without the event there is no page (not_found).
  const options = toFilterOptions(optionRows);
  const entries = rows.slice(0, data.limit);
  const last = entries.at(-1);
  return {
    page: {
      entries: entries.map(toEntry),
      nextCursor:
        rows.length > data.limit && last ? encodeCursor({ createdAt: last.created_at, entryId: last.entry_id }) : null,
      access,
    },
    options,
  };
}
