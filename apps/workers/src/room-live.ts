import { DurableObject } from "cloudflare:workers";
import type { WorkersEnv } from "./env";

/** One per room (idFromName(roomId)): the live stage state and the hibernatable WebSockets watching it. */
export class RoomLive extends DurableObject<WorkersEnv> {}
