import { type SQL, sql } from "drizzle-orm";

/** Someone a host may put on stage: a user granted the room or its whole event, with the names of their roles. */
export type StageCandidate = { userId: string; name: string; roles: string[] };

/**
 * The people granted a room (grants on the room, or on its event with no room), one row per user with their roles,
 * for the stage page's batch and, narrowed to one user, for putOnStage's check. Disabled users and users being
 * deleted are left out; grants exist only for verified addresses.
 */
export function stageCandidatesQuery(roomId: string, onlyUserId?: string): SQL {
  return sql`
    SELECT u.id AS user_id, u.name AS name, json_group_array(DISTINCT ro.name) AS roles
    FROM rooms r
    JOIN access_grants g ON g.event_id = r.event_id AND (g.room_id IS NULL OR g.room_id = r.id)
    JOIN users u ON u.id = g.user_id
    JOIN roles ro ON ro.id = g.role_id
    WHERE r.id = ${roomId} AND u.disabled_at IS NULL AND u.deleting_at IS NULL
      ${onlyUserId === undefined ? sql`` : sql`AND u.id = ${onlyUserId}`}
    GROUP BY u.id
    ORDER BY u.name COLLATE NOCASE, u.id
    LIMIT 500`;
}

export function toStageCandidate(row: unknown): StageCandidate {
  const r = row as { user_id: string; name: string; roles: string };
  const roles = (JSON.parse(r.roles) as string[]).filter(Boolean).sort();
  return { userId: r.user_id, name: r.name, roles };
}

/** A guest's participant id: `guest:` and the name, trimmed, lowercased, inner spaces collapsed. */
export const guestParticipantId = (name: string) => `guest:${name.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ")}`;

/** A person's participant id. */
export const userParticipantId = (userId: string) => `user:${userId}`;
