import { decodeBase64urlIgnorePadding } from "@oslojs/encoding";
import { describe, expect, it } from "vitest";
import { type Fetch, livekitToken, MediaProviderError, muxLiveKitProvider } from "./mux-livekit";

const config = {
  mux: { tokenId: "mux-id", tokenSecret: "mux-secret", apiBase: "https://api.mux.test" },
  livekit: { url: "https://lk.test", apiKey: "lk-key", apiSecret: "lk-secret-of-enough-length" },
};
const NOW_MS = 1_800_000_000_000;

type Recorded = { url: string; method: string; headers: Record<string, string>; body: unknown };

/** A stand-in for fetch: records every request and answers from a table of `METHOD url` → [status, body]. */
function recorder(answers: Record<string, [number, unknown]>) {
  const requests: Recorded[] = [];
  const fetcher: Fetch = async (url, init) => {
    const method = init.method ?? "GET";
    requests.push({
      url,
      method,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    const answer = answers[`${method} ${url}`];
    if (!answer) return new Response("no route", { status: 599 });
    const [status, body] = answer;
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return { requests, fetcher };
}

const decodeJson = (part: string) => JSON.parse(new TextDecoder().decode(decodeBase64urlIgnorePadding(part)));

async function verifyHs256(token: string, secret: string): Promise<boolean> {
  const [header, payload, signature] = token.split(".");
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  return crypto.subtle.verify(
    "HMAC",
    key,
    new Uint8Array(decodeBase64urlIgnorePadding(signature ?? "")),
    new TextEncoder().encode(`${header}.${payload}`),
  );
}

describe("livekitToken", () => {
  it("is an HS256 JWT issued by the API key with the roomRecord grant, verifiable with the secret only", async () => {
    const token = await livekitToken(config.livekit, 1_800_000_000);
    const [header, payload] = token.split(".");
    expect(decodeJson(header ?? "")).toEqual({ alg: "HS256", typ: "JWT" });
    expect(decodeJson(payload ?? "")).toMatchObject({
      iss: "lk-key",
      nbf: 1_800_000_000,
      exp: 1_800_000_600,
      video: { roomRecord: true },
    });
    expect(await verifyHs256(token, config.livekit.apiSecret)).toBe(true);
    expect(await verifyHs256(token, "another-secret")).toBe(false);
  });
});

describe("muxLiveKitProvider", () => {
  const basic = `Basic ${btoa("mux-id:mux-secret")}`;

  it("creates a Mux live stream and its recording with signed playback, the key as passthrough", async () => {
    const { requests, fetcher } = recorder({
      "POST https://api.mux.test/video/v1/live-streams": [201, { data: { id: "ls1", playback_ids: [{ id: "pb1", policy: "signed" }] } }],
    });
    const made = await muxLiveKitProvider(config, fetcher).createLiveStream({ key: "op_1", roomId: "room_1" });
    expect(made).toEqual({ streamId: "ls1", playbackUrl: "https://stream.mux.com/pb1.m3u8" });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.authorization).toBe(basic);
    expect(requests[0]?.body).toMatchObject({
      playback_policy: ["signed"],
      new_asset_settings: { playback_policy: ["signed"] },
      passthrough: "op_1",
    });
  });

  it("starts a room composite egress into the stream's RTMPS ingest, signed with a LiveKit token", async () => {
    const { requests, fetcher } = recorder({
      "POST https://lk.test/twirp/livekit.Egress/ListEgress": [200, { items: [] }],
      "GET https://api.mux.test/video/v1/live-streams/ls1": [200, { data: { id: "ls1", stream_key: "sk-secret" } }],
      "POST https://lk.test/twirp/livekit.Egress/StartRoomCompositeEgress": [200, { egress_id: "EG_1" }],
    });
    const started = await muxLiveKitProvider(config, fetcher, () => NOW_MS).startEgress({ key: "op_1", roomId: "room_1", streamId: "ls1" });
    expect(started).toEqual({ egressId: "EG_1" });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://lk.test/twirp/livekit.Egress/ListEgress",
      "GET https://api.mux.test/video/v1/live-streams/ls1",
      "POST https://lk.test/twirp/livekit.Egress/StartRoomCompositeEgress",
    ]);
    const start = requests[2];
    expect(start?.body).toEqual({
      room_name: "room_1",
      layout: "speaker",
      stream_outputs: [{ protocol: "RTMP", urls: ["rtmps://global-live.mux.com:443/app/sk-secret"] }],
    });
    const token = start?.headers.authorization?.replace(/^Bearer /, "") ?? "";
    expect(await verifyHs256(token, config.livekit.apiSecret)).toBe(true);
    expect(decodeJson(token.split(".")[1] ?? "")).toMatchObject({ iss: "lk-key", nbf: NOW_MS / 1000 });
  });

  it("reuses the room's running egress on a retried start", async () => {
    const { requests, fetcher } = recorder({
      "POST https://lk.test/twirp/livekit.Egress/ListEgress": [200, { items: [{ egress_id: "EG_0", status: "EGRESS_ACTIVE" }] }],
    });
    const started = await muxLiveKitProvider(config, fetcher).startEgress({ key: "op_1", roomId: "room_1", streamId: "ls1" });
    expect(started).toEqual({ egressId: "EG_0" });
    expect(requests).toHaveLength(1);
  });

  it("treats an unknown or finished egress and a deleted live stream as done", async () => {
    for (const status of [404, 412]) {
      const { requests, fetcher } = recorder({ "POST https://lk.test/twirp/livekit.Egress/StopEgress": [status, { code: "not_found" }] });
      await muxLiveKitProvider(config, fetcher).stopEgress({ egressId: "EG_1" });
      expect(requests[0]?.body).toEqual({ egress_id: "EG_1" });
    }
    const gone = recorder({ "DELETE https://api.mux.test/video/v1/live-streams/ls1": [404, { error: {} }] });
    await muxLiveKitProvider(config, gone.fetcher).deleteLiveStream({ streamId: "ls1" });
    expect(gone.requests[0]?.headers.authorization).toBe(basic);
  });

  it("cuts a clip as a new asset with signed playback from the stream's recording, in seconds", async () => {
    const { requests, fetcher } = recorder({
      "GET https://api.mux.test/video/v1/live-streams/ls1": [200, { data: { id: "ls1", recent_asset_ids: ["a0", "a1"] } }],
      "POST https://api.mux.test/video/v1/assets": [201, { data: { id: "clip1", playback_ids: [{ id: "pbc", policy: "signed" }] } }],
    });
    const clip = await muxLiveKitProvider(config, fetcher).createClip({ key: "clip_1", streamId: "ls1", startOffsetMs: 1500, endOffsetMs: 62_250 });
    expect(clip).toEqual({ playbackUrl: "https://stream.mux.com/pbc.m3u8" });
    expect(requests[1]?.body).toEqual({
      input: [{ url: "mux://assets/a1", start_time: 1.5, end_time: 62.25 }],
      playback_policy: ["signed"],
      passthrough: "clip_1",
    });
  });

  it("fails with the call and status, never a credential or stream key", async () => {
    const { fetcher } = recorder({ "POST https://api.mux.test/video/v1/live-streams": [401, { error: "unauthorized" }] });
    const error = await muxLiveKitProvider(config, fetcher)
      .createLiveStream({ key: "op_1", roomId: "room_1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProviderError);
    expect(String(error)).toContain("Mux create live stream answered HTTP 401");
    expect(String(error)).not.toContain("mux-secret");
  });
});
