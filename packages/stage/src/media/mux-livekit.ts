import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { MediaProvider } from "./provider";

/** `fetch`, or a stand-in that records requests (the unit tests pass one; nothing here touches the network itself). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export type MuxLiveKitConfig = {
  mux: { tokenId: string; tokenSecret: string; apiBase: string };
  livekit: { url: string; apiKey: string; apiSecret: string };
};

/** A failed call to Mux or LiveKit. The message names the call and the status, never a credential or a stream key. */
export class MediaProviderError extends Error {
  override name = "MediaProviderError";
  constructor(
    readonly call: string,
    readonly status: number,
  ) {
    super(`${call} answered HTTP ${status}`);
  }
}

const MUX_RTMP = "rtmps://global-live.mux.com:443/app";
const TOKEN_SECONDS = 600;
const text = new TextEncoder();

/**
 * A LiveKit access token: a JWT signed HS256 with the API secret, issued by the API key, carrying the video grant the
 * egress API checks (`roomRecord`). Short-lived: one is minted per call.
 */
export async function livekitToken(
  livekit: { apiKey: string; apiSecret: string },
  nowSeconds: number,
  grant: Record<string, unknown> = { roomRecord: true },
): Promise<string> {
  const part = (value: object) => encodeBase64urlNoPadding(text.encode(JSON.stringify(value)));
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    iss: livekit.apiKey,
    sub: livekit.apiKey,
    nbf: nowSeconds,
    exp: nowSeconds + TOKEN_SECONDS,
    video: grant,
  })}`;
  const key = await crypto.subtle.importKey("raw", text.encode(livekit.apiSecret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, text.encode(unsigned)));
  return `${unsigned}.${encodeBase64urlNoPadding(signature)}`;
}

type MuxLiveStream = {
  id: string;
  stream_key?: string;
  playback_ids?: { id: string; policy: string }[];
  active_asset_id?: string;
  recent_asset_ids?: string[];
};
type MuxAsset = { id: string; playback_ids?: { id: string; policy: string }[] };
type EgressInfo = { egress_id?: string; egressId?: string; status?: string | number };

const hlsUrl = (playbackId: string | undefined, what: string) => {
  if (!playbackId) throw new Error(`Mux answered a ${what} without a playback id`);
  return `https://stream.mux.com/${playbackId}.m3u8`;
};

/**
 * Mux live streams (the stream viewers watch, and its recording as a Mux asset) with LiveKit room composite egress
 * pushing the room into the stream over RTMPS. Neither API takes idempotency keys on these calls: a retried egress
 * start reuses the room's active egress; live streams and clip assets carry the key as `passthrough`, and a caller
 * that lost the answer must delete the stream it cannot name (compensation). Stop and delete treat "not found" as done.
 */
export function muxLiveKitProvider(config: MuxLiveKitConfig, fetcher: Fetch = fetch, clock: () => number = Date.now): MediaProvider {
  const muxAuth = `Basic ${btoa(`${config.mux.tokenId}:${config.mux.tokenSecret}`)}`;

  async function mux<T>(call: string, method: string, path: string, body?: unknown): Promise<{ status: number; data: T | null }> {
    const response = await fetcher(`${config.mux.apiBase}${path}`, {
      method,
      headers: { authorization: muxAuth, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 404 && method === "DELETE") return { status: 404, data: null };
    if (!response.ok) throw new MediaProviderError(call, response.status);
    if (response.status === 204) return { status: 204, data: null };
    const json = (await response.json()) as { data?: T };
    return { status: response.status, data: json.data ?? null };
  }

  async function egress<T>(call: string, method: string, body: unknown, okStatuses: number[] = []): Promise<T | null> {
    const token = await livekitToken(config.livekit, Math.floor(clock() / 1000));
    const response = await fetcher(`${config.livekit.url}/twirp/livekit.Egress/${method}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (okStatuses.includes(response.status)) return null;
    if (!response.ok) throw new MediaProviderError(call, response.status);
    return (await response.json()) as T;
  }

  async function liveStream(streamId: string): Promise<MuxLiveStream> {
    const { data } = await mux<MuxLiveStream>("Mux get live stream", "GET", `/video/v1/live-streams/${encodeURIComponent(streamId)}`);
    if (!data) throw new MediaProviderError("Mux get live stream", 404);
    return data;
  }

  return {
    async createLiveStream({ key }) {
      const { data } = await mux<MuxLiveStream>("Mux create live stream", "POST", "/video/v1/live-streams", {
        // Signed: a playback URL plays only with a short-lived token the workers app signs for an authorized viewer.
        playback_policy: ["signed"],
        new_asset_settings: { playback_policy: ["signed"] },
        passthrough: key,
        latency_mode: "low",
      });
      if (!data) throw new MediaProviderError("Mux create live stream", 502);
      return { streamId: data.id, playbackUrl: hlsUrl(data.playback_ids?.[0]?.id, "live stream") };
    },

    async startEgress({ roomId, streamId }) {
      // A retried start finds the room's egress that is still running instead of starting a second one.
      const listed = await egress<{ items?: EgressInfo[] }>("LiveKit list egress", "ListEgress", { room_name: roomId, active: true });
      const running = listed?.items?.find((item) => item.egress_id ?? item.egressId);
      if (running) return { egressId: String(running.egress_id ?? running.egressId) };
      const stream = await liveStream(streamId);
      if (!stream.stream_key) throw new Error("Mux answered a live stream without a stream key");
      const started = await egress<EgressInfo>("LiveKit start egress", "StartRoomCompositeEgress", {
        room_name: roomId,
        layout: "speaker",
        stream_outputs: [{ protocol: "RTMP", urls: [`${MUX_RTMP}/${stream.stream_key}`] }],
      });
      const egressId = started?.egress_id ?? started?.egressId;
      if (!egressId) throw new MediaProviderError("LiveKit start egress", 502);
      return { egressId };
    },

    async stopEgress({ egressId }) {
      // 404: no such egress; 412 (failed_precondition): it has already ended. Both mean it is stopped.
      await egress("LiveKit stop egress", "StopEgress", { egress_id: egressId }, [404, 412]);
    },

    async deleteLiveStream({ streamId }) {
      await mux("Mux delete live stream", "DELETE", `/video/v1/live-streams/${encodeURIComponent(streamId)}`);
    },

    async createClip({ key, streamId, startOffsetMs, endOffsetMs }) {
      // The recording is the live stream's asset; a clip is a new asset cut from it (times in seconds).
      const stream = await liveStream(streamId);
      const assetId = stream.active_asset_id ?? stream.recent_asset_ids?.at(-1);
      if (!assetId) throw new Error("The live stream has no recording asset to clip from");
      const { data } = await mux<MuxAsset>("Mux create clip", "POST", "/video/v1/assets", {
        input: [{ url: `mux://assets/${assetId}`, start_time: startOffsetMs / 1000, end_time: endOffsetMs / 1000 }],
        playback_policy: ["signed"],
        passthrough: key,
      });
      return { playbackUrl: hlsUrl(data?.playback_ids?.[0]?.id, "clip asset") };
    },
  };
}
