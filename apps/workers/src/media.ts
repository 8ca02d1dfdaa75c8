import type { MediaProvider } from "@greenroom/stage";
import type { WorkersEnv } from "./env";

/**
 * The media provider the flows use: the one place the workers app picks it. Until the local provider (the LocalMedia
 * Durable Object) and `mediaProviderFor(config.media)` are merged in, this is a stand-in that derives every id from its
 * key, so it is deterministic and idempotent like the real ones, and keeps nothing.
 */
export function mediaProvider(_env: WorkersEnv): MediaProvider {
  return keyDerivedProvider;
}

const keyDerivedProvider: MediaProvider = {
  createLiveStream: async ({ key }) => ({ streamId: `ls_${key}`, playbackUrl: `/media/${key}/stream.m3u8` }),
  startEgress: async ({ key }) => ({ egressId: `eg_${key}` }),
  stopEgress: async () => {},
  deleteLiveStream: async () => {},
  createClip: async ({ key }) => ({ playbackUrl: `/media/clips/${key}.m3u8` }),
};
