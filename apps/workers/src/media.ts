import type { WorkersConfig } from "@greenroom/config/env";
import { type MediaProvider, muxLiveKitProvider } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";
import type { LocalResult } from "./local-media";

/** The one LocalMedia instance that holds every local stream, egress and clip. */
export const LOCAL_MEDIA_NAME = "local-media";

function accepted<T>(result: LocalResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The local provider: each call goes to the LocalMedia Durable Object over its stub. */
export function localMediaProvider(namespace: WorkersEnv["LOCAL_MEDIA"]): MediaProvider {
  const stub = () => namespace.get(namespace.idFromName(LOCAL_MEDIA_NAME));
  return {
    createLiveStream: (input) => stub().createLiveStream(input),
    startEgress: async (input) => accepted(await stub().startEgress(input)),
    stopEgress: (input) => stub().stopEgress(input),
    deleteLiveStream: (input) => stub().deleteLiveStream(input),
    createClip: async (input) => accepted(await stub().createClip(input)),
  };
}

/** The media provider MEDIA_PROVIDER selects: the offline local one, or Mux live streams with LiveKit egress. */
export function mediaProviderFor(config: Pick<WorkersConfig, "media">, env: Pick<WorkersEnv, "LOCAL_MEDIA">): MediaProvider {
  const media = config.media;
  switch (media.provider) {
    case "local":
      return localMediaProvider(env.LOCAL_MEDIA);
    case "mux-livekit":
      return muxLiveKitProvider({ mux: media.mux, livekit: media.livekit });
  }
}

/** The provider the flows use, as this deploy's configuration selects it. */
export function mediaProvider(env: WorkersEnv): MediaProvider {
  return mediaProviderFor(configOf(env), env);
}
