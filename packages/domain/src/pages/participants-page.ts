import { sql } from "drizzle-orm";
import type { z } from "zod";
import { authorizeAndReadAll, SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import type { ParticipantFilterOptions, ParticipantsPage } from "../participants";
import { type ParticipantRow, participantsPageQuery, toEntry } from "../participants/query";
import { encodeCursor, ListParticipantsInput } from "../participants/schemas";

export type ParticipantsPageData = { page: ParticipantsPage; options: ParticipantFilterOptions };

type FilterOptionRow = {
  kind: "event" | "role" | "room";
  id: string;
  name: string;
  slug: string | null;
  time_zone: string | null;
  room_status: "active" | "archived" | null;
  position: number;
};

const SYSTEM_ROLE_ORDER: readonly string[] = Object.values(SYSTEM_ROLES).map((role) => role.id);
const roleRank = (id: string) => {
  const rank = SYSTEM_ROLE_ORDER.indexOf(id);
  return rank === -1 ? SYSTEM_ROLE_ORDER.length : rank;
};

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
      sql`
        SELECT 'event' AS kind, id, name, slug, time_zone, NULL AS room_status, 0 AS position
        FROM events WHERE id = ${eventId}
        UNION ALL
        SELECT 'room', id, name, NULL, NULL, status, position FROM rooms WHERE event_id = ${eventId}
        UNION ALL
        SELECT 'role', ro.id, ro.name, NULL, NULL, NULL, 0
        FROM roles ro JOIN events e ON e.id = ${eventId}
        WHERE (ro.account_id IS NULL AND ro.id <> ${SYSTEM_ROLES.owner.id}) OR ro.account_id = e.account_id`,
    ],
  );
  const eventRow = optionRows.find((row) => row.kind === "event");
  if (!eventRow) throw notFound("Event not found");
  const entries = rows.slice(0, data.limit);
  const last = entries.at(-1);
  return {
    page: {
      entries: entries.map(toEntry),
      nextCursor:
        rows.length > data.limit && last ? encodeCursor({ createdAt: last.created_at, entryId: last.entry_id }) : null,
      access,
    },
    options: {
      event: { id: eventRow.id, name: eventRow.name, slug: eventRow.slug ?? "", timeZone: eventRow.time_zone ?? "UTC" },
      roles: optionRows
        .filter((row) => row.kind === "role")
        .sort((a, b) => roleRank(a.id) - roleRank(b.id) || a.name.localeCompare(b.name))
        .map(({ id, name }) => ({ id, name })),
      rooms: optionRows
        .filter((row) => row.kind === "room")
        .map((row) => ({ id: row.id, name: row.name, archived: row.room_status === "archived", position: row.position }))
        .sort((a, b) => Number(a.archived) - Number(b.archived) || a.position - b.position)
        .map(({ id, name, archived }) => ({ id, name, archived })),
    },
  };
}
