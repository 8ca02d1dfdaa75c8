import { DurableObject } from "cloudflare:workers";
import type { WorkersEnv } from "./env";

/** The local media provider (MEDIA_PROVIDER=local): live streams and egresses with deterministic ids, offline. */
export class LocalMedia extends DurableObject<WorkersEnv> {}
