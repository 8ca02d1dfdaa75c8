import { appConfig } from "./config";
import { signLiveToken } from "./live-token";

/**
 * The token a room or stage page renders for its live WebSocket, once the page has authorized the viewer (room.enter
 * or stage.view). Kept apart from live-token.ts, which the Worker entry imports and must stay free of the config.
 */
export async function liveRoomToken(roomId: string, userId: string, now: Date) {
  const { authSecret } = await appConfig();
  return signLiveToken({ secret: authSecret, roomId, userId, nowMs: now.getTime() });
}
