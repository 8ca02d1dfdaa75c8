import type { StageApi } from "./contract";
import { describe, expect, it } from "vitest";
import { ShardBookmarks, webappSessionStart, withShardBookmarks } from "./bookmarks";

const BM = (n: number) => `00000000-${n.toString(16).padStart(8, "0")}-00000000-${"0".repeat(32)}`;

/** A stage API that records the inputs it got and answers each call with the next bookmark of its shard. */
function recordingApi() {
  const inputs: unknown[] = [];
  let tick = 10;
  const answer = async (input: unknown) => {
    inputs.push(input);
    tick += 1;
    return { ok: true as const, value: null as never, bookmark: BM(tick) };
  };
  // The methods these tests call; the wrapper treats every method alike.
  const methods = {
    recordStageEvent: answer,
    stageTimeline: answer,
    sessionLogs: answer,
    shardStats: async () => ({ ok: true, value: [] }),
    shardIds: async () => ["0000", "0001"],
  };
  const api = methods as unknown as StageApi;
  return { api, inputs };
}

describe("ShardBookmarks", () => {
  it("reads a well-formed cookie and ignores anything else", () => {
    expect(ShardBookmarks.fromCookie(JSON.stringify({ "0001": BM(3) })).get("0001")).toBe(BM(3));
    for (const bad of ["", "{", "[]", JSON.stringify({ "1": BM(1) }), JSON.stringify({ "0000": "<script>" }), JSON.stringify({ "0000": 5 })]) {
      const bookmarks = ShardBookmarks.fromCookie(bad);
      expect(bookmarks.get("0000") ?? bookmarks.get("1")).toBeUndefined();
    }
    const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i).padStart(4, "0"), BM(i + 1)]));
    expect(ShardBookmarks.fromCookie(JSON.stringify(many)).get("0000")).toBeUndefined();
  });

  it("writes the cookie only when a bookmark advanced, and never moves one backwards", () => {
    const bookmarks = ShardBookmarks.fromCookie(JSON.stringify({ "0000": BM(5) }));
    expect(bookmarks.toCookie()).toBeNull();
    bookmarks.advance("0000", BM(4));
    expect(bookmarks.toCookie()).toBeNull();
    bookmarks.advance("0000", BM(6));
    bookmarks.advance("0001", BM(1));
    expect(JSON.parse(bookmarks.toCookie() ?? "null")).toEqual({ "0000": BM(6), "0001": BM(1) });
  });
});

describe("withShardBookmarks", () => {
  it("passes each shard's bookmark on the next call to that shard and keeps the newest one", async () => {
    const { api, inputs } = recordingApi();
    const bookmarks = ShardBookmarks.fromCookie(JSON.stringify({ "0001": BM(2) }));
    const stage = withShardBookmarks(api, bookmarks);

    await stage.recordStageEvent({ shard: "0000" } as never);
    await stage.stageTimeline({ shard: "0000", accountId: "a", roomId: "r" });
    await stage.stageTimeline({ shard: "0001", accountId: "b", roomId: "r" });

    expect(inputs).toEqual([
      { shard: "0000" },
      { shard: "0000", accountId: "a", roomId: "r", bookmark: BM(11) },
      { shard: "0001", accountId: "b", roomId: "r", bookmark: BM(2) },
    ]);
    expect(JSON.parse(bookmarks.toCookie() ?? "null")).toEqual({ "0000": BM(12), "0001": BM(13) });
  });

  it("leaves calls without a shard and failed results alone", async () => {
    const bookmarks = new ShardBookmarks();
    const failing: StageApi = {
      ...recordingApi().api,
      stageTimeline: async () => ({ ok: false, code: "invalid", message: "no" }),
    };
    const stage = withShardBookmarks(failing, bookmarks);
    expect(await stage.shardIds()).toEqual(["0000", "0001"]);
    expect(await stage.stageTimeline({ shard: "0000", accountId: "a", roomId: "r" })).toMatchObject({ ok: false });
    expect(bookmarks.toCookie()).toBeNull();
  });
});

describe("webappSessionStart", () => {
  it("starts the webapp D1 session at a well-formed bookmark cookie", () => {
    expect(webappSessionStart(BM(7))).toBe(BM(7));
  });

  it("starts unconstrained when the bookmark cookie is absent, garbled or forged, never passing it to D1", () => {
    for (const cookie of [undefined, "", "garbage%ZZ", "first-primary", "a".repeat(300), "00-zz", "0000\n0001"]) {
      expect(webappSessionStart(cookie)).toBe("first-unconstrained");
    }
  });
});
