import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import { type Authorized, authorizeAndRead, SYSTEM_ROLES } from "../access";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";
import { type ParticipantEntry, type ParticipantRow, participantsPageQuery, toEntry } from "./query";
import {
  ExportParticipantsCsvInput,
  ListParticipantsInput,
  ParticipantFiltersInput,
  type ParticipantsCursor,
  encodeCursor,
} from "./schemas";

export type { ParticipantEntry } from "./query";
export { ExportParticipantsCsvInput, ListParticipantsInput, ParticipantFiltersInput, ParticipantsFilter } from "./schemas";

export type ParticipantsPage = {
  entries: ParticipantEntry[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  access: Authorized;
};

const cursorAfter = (row: ParticipantRow): ParticipantsCursor => ({ createdAt: row.created_at, entryId: row.entry_id });

/**
 * One page of an event's members and pending invitees, newest first, with keyset paging: authorization and
 * the page travel in one batch, one D1 round trip. Requires `participants.view` on the event. Deliberately not
 * cached (no KV): a page costs the same indexed read at any depth, and a cache would serve revoked access.
 */
export async function listParticipants({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ParticipantsPage> {
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

export type ParticipantFilterOptions = {
  event: { id: string; name: string; slug: string; timeZone: string };
  roles: { id: string; name: string }[];
  rooms: { id: string; name: string; archived: boolean }[];
};

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
 * What the participants page shows around its list: the event, and the roles and rooms to filter by (the
 * system roles but owner, the account's own roles, and every room, archived ones last). Requires `participants.view`.
 */
export async function participantFilters({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ParticipantFilterOptions> {
  const { eventId } = parseInput(ParticipantFiltersInput, input);
  const [, rows] = await authorizeAndRead<FilterOptionRow>(
    ctx,
    "participants.view",
    { kind: "event", eventId },
    sql`
      SELECT 'event' AS kind, id, name, slug, time_zone, NULL AS room_status, 0 AS position
      FROM events WHERE id = ${eventId}
      UNION ALL
      SELECT 'room', id, name, NULL, NULL, status, position FROM rooms WHERE event_id = ${eventId}
      UNION ALL
      SELECT 'role', ro.id, ro.name, NULL, NULL, NULL, 0
      FROM roles ro JOIN events e ON e.id = ${eventId}
      WHERE (ro.account_id IS NULL AND ro.id <> ${SYSTEM_ROLES.owner.id}) OR ro.account_id = e.account_id`,
  );
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

const CSV_COLUMNS = ["email", "name", "status", "role", "room", "granted_at"] as const;
const EXPORT_PAGE_SIZE = 1000;

// escape_formulas prefixes a cell starting with = + - @ (or a tab or carriage return) with a single quote, so a
// spreadsheet opening the file shows the text instead of running a formula that a participant typed as their name.
const toCsv = (records: string[][]) => stringify(records, { escape_formulas: true });

function csvRecord(row: ParticipantRow): string[] {
  const entry = toEntry(row);
  return [
    entry.email,
    entry.name ?? "",
    entry.status,
    entry.roleName,
    entry.roomName ?? "All rooms",
    entry.createdAt.toISOString(),
  ];
}

/**
 * The event's participants as CSV (header `email,name,status,role,room,granted_at`), matching the list's
 * filters. The body streams: it walks the keyset pages 1,000 rows per query as the client reads.
 * Requires `participants.export`; authorization happens before the first byte.
 */
export async function exportParticipantsCsv({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const filters = parseInput(ExportParticipantsCsvInput, input);
  const [, events] = await authorizeAndRead<{ slug: string }>(
    ctx,
    "participants.export",
    { kind: "event", eventId: filters.eventId },
    sql`SELECT slug FROM events WHERE id = ${filters.eventId}`,
  );
  const name = (events[0]?.slug ?? filters.eventId).replace(/[^A-Za-z0-9_-]/g, "-");
  const encoder = new TextEncoder();
  let cursor: ParticipantsCursor | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsv([[...CSV_COLUMNS]])));
    },
    async pull(controller) {
      const rows = await ctx.db.all<ParticipantRow>(participantsPageQuery(filters, cursor, EXPORT_PAGE_SIZE));
      if (rows.length > 0) controller.enqueue(encoder.encode(toCsv(rows.map(csvRecord))));
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE_SIZE) controller.close();
      else cursor = cursorAfter(last);
    },
  });
  return { filename: `participants-${name}.csv`, body };
}
