import { describe, expect, it } from "vitest";
import { bodyCeiling, guardRequest, hasMalformedSegment, isValidRouterState } from "./edge-guard";

const url = (path: string) => `http://127.0.0.1:8793${path}`;

async function refusal(request: Request): Promise<{ status: number; code: string } | null> {
  const result = await guardRequest(request);
  if (result instanceof Request) return null;
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  return { status: result.status, code: ((await result.json()) as { code: string }).code };
}

function chunkedPost(path: string, chunks: number, size: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  const request = new Request(url(path), { method: "POST", body: stream, duplex: "half" } as RequestInit);
  return { request, sent: () => sent };
}

describe("the path check", () => {
  it("finds a malformed percent-escape in any path segment", () => {
    for (const path of ["/events/%E0%A4%A", "/api/operations/%E0%A4%A", "/rooms/%ZZ/stage", "/e/%C0%AF", "/a/%", "/x/%E0%A4%A/y"]) {
      expect(hasMalformedSegment(path), path).toBe(true);
    }
  });

  it("lets well-formed paths through, escapes included", () => {
    for (const path of ["/", "/events/abc", "/e/%F0%9F%98%80", "/a/%2F/b", "/a%20b", "/events/x/participants/export.csv"]) {
      expect(hasMalformedSegment(path), path).toBe(false);
    }
  });

  it("answers a malformed path with 400 malformed_path before anything reads it", async () => {
    expect(await refusal(new Request(url("/events/%E0%A4%A/orders")))).toEqual({ status: 400, code: "malformed_path" });
  });
});

describe("the router-state header check", () => {
  const header = (state: unknown) => encodeURIComponent(JSON.stringify(state));

  it("accepts the router states Next sends", () => {
    expect(isValidRouterState(header(["", { children: ["events", { children: ["__PAGE__", {}] }] }, null, null, 1]))).toBe(true);
    expect(isValidRouterState(header(["", { children: [["eventId", "abc", "d", null], {}, ["/events/abc", "/events/abc"], "refetch"] }]))).toBe(true);
  });

  it("refuses a router state that Next could not parse", () => {
    for (const value of ["%ZZgarbage", "[1,2", header([1, {}]), header(["", []]), header(["", {}, null, "nope"]), header(["", { c: "x" }])]) {
      expect(isValidRouterState(value), value).toBe(false);
    }
  });

  it("answers a malformed Next-Router-State-Tree header with 400", async () => {
    const request = new Request(url("/events"), { headers: { rsc: "1", "next-router-state-tree": "%5B%22x%22" } });
    expect(await refusal(request)).toEqual({ status: 400, code: "invalid_router_state" });
  });
});

describe("the body ceilings", () => {
  it("sets each path's ceiling from what it needs", () => {
    expect(bodyCeiling("/api/hooks/stripe/evt")).toBe(256 * 1024);
    expect(bodyCeiling("/api/rooms/r/stage")).toBe(64 * 1024);
    expect(bodyCeiling("/events/e1/orders")).toBe(6 * 1024 * 1024);
    expect(bodyCeiling("/events/e1/orders/o1")).toBe(1024 * 1024);
    expect(bodyCeiling("/events/e1")).toBe(1024 * 1024);
  });

  it("refuses a declared Content-Length over the path's ceiling with 413", async () => {
    const request = new Request(url("/api/hooks/stripe/evt"), { method: "POST", body: "x", headers: { "content-length": String(256 * 1024 + 1) } });
    expect(await refusal(request)).toEqual({ status: 413, code: "too_large" });
    const absurd = new Request(url("/signin"), { method: "POST", body: "x", headers: { "content-length": "99999999999999999999" } });
    expect(await refusal(absurd)).toEqual({ status: 400, code: "invalid_content_length" });
  });

  it("refuses a chunked body with 413 once it grows past the ceiling, keeping none of the rest", async () => {
    const { request, sent } = chunkedPost("/api/rooms/r/stage", 1000, 16 * 1024);
    expect(await refusal(request)).toEqual({ status: 413, code: "too_large" });
    // The rest (16 MB in all) is read only to be dropped, so the connection stays usable.
    expect(sent()).toBe(1000);
  });

  it("stops reading a chunked body that goes on past the discard limit", async () => {
    const { request, sent } = chunkedPost("/api/rooms/r/stage", 1_000_000, 64 * 1024);
    expect(await refusal(request)).toEqual({ status: 413, code: "too_large" });
    expect(sent()).toBeLessThan(400);
  });

  it("hands a chunked body within the ceiling on, buffered and unchanged", async () => {
    const { request } = chunkedPost("/api/rooms/r/stage", 3, 1000);
    const result = await guardRequest(request);
    expect(result).toBeInstanceOf(Request);
    expect((await (result as Request).arrayBuffer()).byteLength).toBe(3000);
  });

  it("hands ordinary requests on untouched", async () => {
    const request = new Request(url("/events/abc?page=%ZZ"), { headers: { host: "127.0.0.1:8793" } });
    expect(await guardRequest(request)).toBe(request);
  });
});

describe("the no-JavaScript form post check", () => {
  const id = "7f".padEnd(42, "0");
  const form = (entries: [string, string][]) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };
  const post = (data: FormData, headers: Record<string, string> = {}) => new Request(url("/events"), { method: "POST", body: data, headers });

  it("lets React's form posts through: an action id, or a bound action's reference and descriptor", async () => {
    expect(await guardRequest(post(form([[`$ACTION_ID_${id}`, ""], ["name", "x"]])))).toBeInstanceOf(Request);
    const bound = form([["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`], ["$ACTION_KEY", "k1"]]);
    expect(await guardRequest(post(bound))).toBeInstanceOf(Request);
  });

  it("answers a multipart page post that names no action, or a malformed one, with 400 instead of Next's 500", async () => {
    for (const entries of [
      [["a", "1"]],
      [["$ACTION_ID_zzz", ""]],
      [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"zz","bound":"$@1"}']],
      [["$ACTION_REF_1", ""]],
    ] as [string, string][][]) {
      expect(await refusal(post(form(entries)))).toEqual({ status: 400, code: "unknown_form_action" });
    }
  });

  it("leaves posts with a Next-Action header (JavaScript) and API posts to their handlers", async () => {
    expect(await guardRequest(post(form([["a", "1"]]), { "next-action": id }))).toBeInstanceOf(Request);
    const api = new Request(url("/api/hooks/stripe/e"), { method: "POST", body: form([["a", "1"]]) });
    expect(await guardRequest(api)).toBeInstanceOf(Request);
  });
});
