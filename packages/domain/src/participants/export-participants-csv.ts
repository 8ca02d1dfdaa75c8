import type { z } from "zod";
import { sql } from "drizzle-orm";
import { authorizeAndRead } from "../access";
import type { Ctx } from "../context";
import { streamCsv } from "../csv-stream";
import { parseInput } from "../errors";
import { type ParticipantRow, participantsPageQuery, toEntry } from "./query";
import { ExportParticipantsCsvInput, type ParticipantsCursor } from "./schemas";
import { cursorAfter } from "./pages";

const CSV_COLUMNS = ["email", "name", "status", "role", "room", "granted_at"] as const;

const EXPORT_PAGE_SIZE = 1000;

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
  const body = streamCsv<ParticipantRow, ParticipantsCursor>({
    columns: CSV_COLUMNS,
    pageSize: EXPORT_PAGE_SIZE,
    page: (cursor, limit) => ctx.db.all<ParticipantRow>(participantsPageQuery(filters, cursor, limit)),
    cursorAfter,
    record: csvRecord,
  });
  return { filename: `participants-${name}.csv`, body };
}
