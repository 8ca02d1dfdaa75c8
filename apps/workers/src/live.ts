import type { WorkersEnv } from "./env";

/** Where a room's stage lives: its tenant, the shard holding its rows, and the room. */
export type LiveRoom = { shard: string; accountId: string; roomId: string };

/**
 * Pushes a room's current stage state (who is on stage, the recording and its status) to everyone watching the room,
 * through the room's RoomLive Durable Object. Called after every stage change and recording status change.
 */
export async function publishStage(_env: WorkersEnv, _room: LiveRoom): Promise<void> {
  // Built by the live-room work (RoomLive with hibernatable WebSockets).
}
