import { PARTICIPANT_STATUSES } from "@greenroom/db/webapp/values";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { z } from "zod";
import { Id } from "../ids";

/** Where a page starts: the (created_at, entry_id) of the last row of the page before it. */
export type ParticipantsCursor = { createdAt: number; entryId: string };

const CursorKey = z.tuple([z.number().int().min(0).max(2 ** 40), Id]);

/** The cursor is opaque to callers: base64url of the JSON `[createdAtSeconds, entryId]`. */
export function encodeCursor(cursor: ParticipantsCursor): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(JSON.stringify([cursor.createdAt, cursor.entryId])));
}

export function decodeCursor(value: string): ParticipantsCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return null;
  try {
    const json = new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64urlIgnorePadding(value));
    const parsed = CursorKey.safeParse(JSON.parse(json));
    return parsed.success ? { createdAt: parsed.data[0], entryId: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

const Cursor = z
  .string()
  .max(200, "This page link is not valid")
  .transform((value, ctx): ParticipantsCursor => {
    const cursor = decodeCursor(value);
    if (cursor) return cursor;
    ctx.addIssue({ code: "custom", message: "This page link is not valid" });
    return z.NEVER;
  });

/** The filters the list and the export share. An empty search means no search. */
export const ParticipantsFilter = z.object({
  eventId: Id,
  q: z
    .string()
    .trim()
    .max(100, "Use at most 100 characters")
    .optional()
    .transform((q) => q || undefined),
  roleId: Id.optional(),
  // "event": only event-wide grants and invitations (no room).
  roomId: z.union([z.literal("event"), Id]).optional(),
  status: z.enum(PARTICIPANT_STATUSES).optional(),
});
export type ParticipantsFilter = z.infer<typeof ParticipantsFilter>;

export const ListParticipantsInput = ParticipantsFilter.extend({
  after: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200, "At most 200 per page").default(50),
});
export type ListParticipantsInput = z.infer<typeof ListParticipantsInput>;

export const ExportParticipantsCsvInput = ParticipantsFilter;
export type ExportParticipantsCsvInput = z.infer<typeof ExportParticipantsCsvInput>;

export const ParticipantFiltersInput = z.object({ eventId: Id });
export type ParticipantFiltersInput = z.infer<typeof ParticipantFiltersInput>;
