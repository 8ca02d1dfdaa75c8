/**
 * The kinds of room an event can have. The `rooms` table, the domain's schemas and the webapp's forms all read this
 * one list; it has no imports, so client components can take it without pulling in the table definitions.
 */
export const ROOM_KINDS = ["stage", "breakout", "backstage"] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];
