import type { SessionsDb } from "@greenroom/db/sessions/client";
import type { MediaProvider } from "./media/provider";

/**
 * Writes one pending clip per enter/exit pair of each participant in the session (an enter with no exit ends at
 * `endOffsetMs`, the end of the recording). Idempotent: running it again inserts nothing new. Answers the count.
 */
export async function generateClips(
  _db: SessionsDb,
  _input: { accountId: string; sessionId: string; endOffsetMs: number; nowMs: number },
): Promise<{ total: number }> {
  throw new Error("generateClips is built by the clips work");
}

/** Renders up to `limit` pending clips of the session through the provider and marks them ready. */
export async function renderPendingClips(
  _db: SessionsDb,
  _provider: MediaProvider,
  _input: { accountId: string; sessionId: string; streamId: string; limit: number },
): Promise<{ ready: number; pending: number }> {
  throw new Error("renderPendingClips is built by the clips work");
}
