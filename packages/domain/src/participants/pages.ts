import type { Authorized } from "../access";
import type { ParticipantEntry, ParticipantRow } from "./query";
import type { ParticipantsCursor } from "./schemas";

export type ParticipantsPage = {
  entries: ParticipantEntry[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
  access: Authorized;
};

export const cursorAfter = (row: ParticipantRow): ParticipantsCursor => ({ createdAt: row.created_at, entryId: row.entry_id });

export type ParticipantFilterOptions = {
  event: { id: string; name: string; slug: string; timeZone: string };
  roles: { id: string; name: string }[];
  rooms: { id: string; name: string; archived: boolean }[];
};
