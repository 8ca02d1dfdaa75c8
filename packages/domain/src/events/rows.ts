import type { events, rooms } from "@greenroom/db/webapp/schema";

export type EventRow = typeof events.$inferSelect;

export type RoomRow = typeof rooms.$inferSelect;

export type SharedEvent = EventRow & { accountName: string };
