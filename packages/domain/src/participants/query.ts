import { type SQL, sql } from "drizzle-orm";
import type { ParticipantsFilter, ParticipantsCursor } from "./schemas";

/** A row as D1 returns it: the columns of `event_participants_view`, snake_case. */
export type ParticipantRow = {
  entry_id: string;
  status: "member" | "pending";
  user_id: string | null;
  email: string;
  name: string;
  role_id: string;
  role_name: string;
  room_id: string | null;
  room_name: string | null;
  created_at: number;
};

export type ParticipantEntry = {
  entryId: string;
  status: "member" | "pending";
  userId: string | null;
  email: string;
  /** null for pending invitees, who have not told us a name yet */
  name: string | null;
  roleId: string;
  roleName: string;
  /** null for event-wide access (every room) */
  roomId: string | null;
  roomName: string | null;
  createdAt: Date;
};

export function toEntry(row: ParticipantRow): ParticipantEntry {
  return {
    entryId: row.entry_id,
    status: row.status,
    userId: row.user_id,
    email: row.email,
    name: row.status === "pending" ? null : row.name,
    roleId: row.role_id,
    roleName: row.role_name,
    roomId: row.room_id,
    roomName: row.room_name,
    createdAt: new Date(row.created_at * 1000),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * One page of an event's participants, newest first, in keyset order (created_at, entry_id), read from
 * `event_participants_view`. SQLite flattens the view (both arms' columns share types since migration 0003), so
 * each arm walks its `*_event_order_idx` backwards from the cursor and the two are merged without a sort.
 */
export function participantsPageQuery(
  filters: ParticipantsFilter,
  cursor: ParticipantsCursor | undefined,
  limit: number,
): SQL {
  const terms: SQL[] = [sql`event_id = ${filters.eventId}`];
  if (cursor) terms.push(sql`(created_at, entry_id) < (${cursor.createdAt}, ${cursor.entryId})`);
  if (filters.status) terms.push(sql`status = ${filters.status}`);
  if (filters.roleId) terms.push(sql`role_id = ${filters.roleId}`);
  if (filters.roomId === "event") terms.push(sql`room_id IS NULL`);
  else if (filters.roomId) terms.push(sql`room_id = ${filters.roomId}`);
  if (filters.q) {
    // LIKE is case-insensitive for ASCII in SQLite; the search text's own % and _ are escaped.
    const q = escapeLike(filters.q);
    terms.push(sql`(email LIKE ${`${q}%`} ESCAPE '\\' OR name LIKE ${`%${q}%`} ESCAPE '\\')`);
  }
  return sql`
    SELECT entry_id, status, user_id, email, name, role_id, role_name, room_id, room_name, created_at
    FROM event_participants_view
    WHERE ${sql.join(terms, sql` AND `)}
    ORDER BY created_at DESC, entry_id DESC
    LIMIT ${limit}`;
}
