import { DurableObject } from "cloudflare:workers";
import type { WorkersEnv } from "./env";

const ROOM_PREFIX = "room:";

/**
 * One per user (`idFromName(userId)`): the rooms where the user opened a live socket lately, each with the expiry of
 * the latest token they connected with. A socket never outlives its token (RoomLive closes it then), so a room whose
 * latest expiry has passed holds no socket of theirs, and is forgotten. Signing out everywhere or being disabled
 * closes the user's sockets in exactly these rooms, without searching every room they could enter.
 */
export class UserLive extends DurableObject<WorkersEnv> {
  /** The user connected to `roomId` with a token that expires at `expiresAtMs`. */
  async opened(roomId: string, expiresAtMs: number): Promise<void> {
    const key = ROOM_PREFIX + roomId;
    const known = (await this.ctx.storage.get<number>(key)) ?? 0;
    if (expiresAtMs > known) await this.ctx.storage.put(key, expiresAtMs);
  }

  /** The rooms that may still hold a socket of the user's at `nowMs`; the rest are dropped. */
  async openRooms(nowMs: number): Promise<string[]> {
    const rooms: string[] = [];
    const stale: string[] = [];
    for (const [key, expiresAtMs] of await this.ctx.storage.list<number>({ prefix: ROOM_PREFIX })) {
      if (expiresAtMs > nowMs) rooms.push(key.slice(ROOM_PREFIX.length));
      else stale.push(key);
    }
    for (let i = 0; i < stale.length; i += 128) await this.ctx.storage.delete(stale.slice(i, i + 128));
    return rooms;
  }
}
