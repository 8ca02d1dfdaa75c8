import type { z } from "zod";
import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { parseInput } from "../errors";
import { type ParticipantRow, participantsPageQuery, toEntry } from "./query";
import { ExportParticipantsCsvInput, type ParticipantsCursor } from "./schemas";
import { cursorAfter } from "./pages";

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
  input: z.input<typeof ExportParticipantsCsvInput>;
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
