import type { z } from "zod";

import { type SQL, sql } from "drizzle-orm";
import { authorizeAndRead, SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import { ParticipantFiltersInput } from "./schemas";
import type { ParticipantFilterOptions } from "./pages";

export type FilterOptionRow = {
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

/** The event, its rooms and the roles to filter by, as rows for `toFilterOptions`, for one batch. */
export function filterOptionsQuery(eventId: string): SQL {
  return sql`
    SELECT 'event' AS kind, id, name, slug, time_zone, NULL AS room_status, 0 AS position
    FROM events WHERE id = ${eventId}
    UNION ALL
    SELECT 'room', id, name, NULL, NULL, status, position FROM rooms WHERE event_id = ${eventId}
    UNION ALL
    SELECT 'role', ro.id, ro.name, NULL, NULL, NULL, 0
    FROM roles ro JOIN events e ON e.id = ${eventId}
    WHERE (ro.account_id IS NULL AND ro.id <> ${SYSTEM_ROLES.owner.id}) OR ro.account_id = e.account_id`;
}

/** The filter options from the rows of `filterOptionsQuery` (system roles first, archived rooms last); not_found without the event. */
export function toFilterOptions(rows: FilterOptionRow[]): ParticipantFilterOptions {
  const eventRow = rows.find((row) => row.kind === "event");
  if (!eventRow) throw notFound("Event not found");
  return {
    event: { id: eventRow.id, name: eventRow.name, slug: eventRow.slug ?? "", timeZone: eventRow.time_zone ?? "UTC" },
    roles: rows
      .filter((row) => row.kind === "role")
      .sort((a, b) => roleRank(a.id) - roleRank(b.id) || a.name.localeCompare(b.name))
      .map(({ id, name }) => ({ id, name })),
    rooms: rows
      .filter((row) => row.kind === "room")
      .map((row) => ({ id: row.id, name: row.name, archived: row.room_status === "archived", position: row.position }))
      .sort((a, b) => Number(a.archived) - Number(b.archived) || a.position - b.position)
      .map(({ id, name, archived }) => ({ id, name, archived })),
  };
}

/**
 * What the participants page shows around its list: the event, and the roles and rooms to filter by (the
 * system roles but owner, the account's own roles, and every room, archived ones last). Requires `participants.view`.
 */
export async function participantFilters({ ctx, input }: { ctx: Ctx; input: z.input<typeof ParticipantFiltersInput> }): Promise<ParticipantFilterOptions> {
  const { eventId } = parseInput(ParticipantFiltersInput, input);
  const [, rows] = await authorizeAndRead<FilterOptionRow>(
    ctx,
    "participants.view",
    { kind: "event", eventId },
    filterOptionsQuery(eventId),
  );
  return toFilterOptions(rows);
}
