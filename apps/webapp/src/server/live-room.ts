import { currentSession } from "@/auth";
import { appConfig } from "./config";
import { signLiveToken } from "./live-token";

/**
 * The token a room or stage page renders for its live WebSocket, once the page has authorized the viewer (room.enter
 * or stage.view): for the signed-in user and the session version their session was issued under. `issuedAt` is the
 * time from before the page's authorization read, so a revocation committed while the page rendered still refuses
 * it. Kept apart from live-token.ts, which the Worker entry imports and must stay free of the config.
 */
export async function liveRoomToken(roomId: string, issuedAt: Date) {
  const [{ authSecret }, session] = await Promise.all([appConfig(), currentSession()]);
  const user = session?.user;
  return signLiveToken({
    secret: authSecret,
    roomId,
    userId: user?.id ?? "",
    sessionVersion: user?.sessionVersion ?? 0,
    nowMs: issuedAt.getTime(),
  });
}
