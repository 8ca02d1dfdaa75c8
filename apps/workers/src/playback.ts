import type { WorkersConfig } from "@greenroom/config/env";
import { type ClipList, type LiveStage, type StageResult, type StageTimeline, signMuxPlaybackUrl } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";

/**
 * Playback for a viewer the webapp has authorized. With Mux, streams, recordings and clips have the signed playback
 * policy, and the URLs stored in the sessions shards are bare: each is signed here, on its way to an authorized
 * viewer, with a short-lived token. The local provider's sample needs no token, so its URLs pass unchanged.
 */
export function playbackUrlFor(config: Pick<WorkersConfig, "media">, url: string, nowMs: number): Promise<string> {
  if (config.media.provider !== "mux-livekit") return Promise.resolve(url);
  return signMuxPlaybackUrl(config.media.muxSigning, url, nowMs);
}

/** The room's live state with its playback URL signed (RoomLive sends this; it stores the unsigned one). */
export async function signedStage(env: WorkersEnv, state: LiveStage): Promise<LiveStage> {
  const url = state.recording?.playbackUrl;
  if (!state.recording || !url) return state;
  return { ...state, recording: { ...state.recording, playbackUrl: await playbackUrlFor(configOf(env), url, Date.now()) } };
}

/** A room's timeline for the page that authorized it, with the recording's playback URL signed. */
export async function signedTimeline(env: WorkersEnv, result: StageResult<StageTimeline>): Promise<StageResult<StageTimeline>> {
  const recording = result.ok ? result.value.recording : null;
  if (!result.ok || !recording?.playbackUrl) return result;
  const playbackUrl = await playbackUrlFor(configOf(env), recording.playbackUrl, Date.now());
  return { ...result, value: { ...result.value, recording: { ...recording, playbackUrl } } };
}

/** Clip lists for the page that authorized them, each ready clip's playback URL signed. */
export async function signedClips(env: WorkersEnv, result: StageResult<ClipList>): Promise<StageResult<ClipList>> {
  if (!result.ok) return result;
  const config = configOf(env);
  if (config.media.provider !== "mux-livekit") return result;
  const now = Date.now();
  const clips = await Promise.all(
    result.value.clips.map(async (clip) => (clip.playbackUrl ? { ...clip, playbackUrl: await playbackUrlFor(config, clip.playbackUrl, now) } : clip)),
  );
  return { ...result, value: { ...result.value, clips } };
}
