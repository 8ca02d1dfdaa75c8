import { describe, expect, it } from "vitest";
import { isJsonContentType, PROBLEM_CONTENT_TYPE, problem, readJsonBody } from "./index";

const codeOf = async (response: Response) => ((await response.json()) as { code?: string }).code;

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("https://greenroom.test/api/x", { method: "POST", body, headers });

/** A body with no Content-Length, delivered in chunks, that counts how many bytes were pulled from it. */
function chunked(chunks: number, size: number) {
  let pulled = 0;
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      sent += 1;
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("problem", () => {
  it("answers application/problem+json with type, title, status, detail, a stable code and extra members", async () => {
    const response = problem(413, "too_large", "At most 4 KiB", { maxBytes: 4096 });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await response.json()).toEqual({
      type: "about:blank",
      title: "Content Too Large",
      status: 413,
      detail: "At most 4 KiB",
      code: "too_large",
      maxBytes: 4096,
    });
  });

  it("keeps the envelope's own members when extra names them too", async () => {
    const body = await problem(400, "invalid", "Bad", { status: 200, code: "ok" }).json();
    expect(body).toMatchObject({ status: 400, code: "invalid" });
  });
});

describe("readJsonBody", () => {
  it("accepts the JSON content type in any case and with parameters", async () => {
    expect(isJsonContentType("Application/JSON; charset=utf-8")).toBe(true);
    expect(isJsonContentType(" application/json ")).toBe(true);
    expect(isJsonContentType("application/jsonp")).toBe(false);
    expect(isJsonContentType("text/plain; application/json")).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
    const read = await readJsonBody(post('{"a":1}', { "content-type": "Application/JSON; charset=utf-8" }), { maxBytes: 100 });
    expect(read).toMatchObject({ ok: true, value: { a: 1 } });
  });

  it("refuses another content type with 415 in the problem envelope", async () => {
    const read = await readJsonBody(post('{"a":1}', { "content-type": "text/plain" }), { maxBytes: 100 });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(415);
    expect(read.response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await codeOf(read.response)).toBe("unsupported_media_type");
  });

  it("refuses a declared Content-Length over the limit with 413 without reading the body", async () => {
    const body = chunked(10, 100);
    const request = new Request("https://greenroom.test/api/x", {
      method: "POST",
      body: body.stream,
      headers: { "content-type": "application/json", "content-length": "1000" },
      duplex: "half",
    } as RequestInit);
    const read = await readJsonBody(request, { maxBytes: 500 });
    expect(read.ok ? 200 : read.response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(100);
  });

  it("refuses a chunked body that grows past the limit with 413, reading no more than the limit and one chunk", async () => {
    const body = chunked(1000, 100);
    const request = new Request("https://greenroom.test/api/x", {
      method: "POST",
      body: body.stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    const read = await readJsonBody(request, { maxBytes: 500 });
    expect(read.ok ? 200 : read.response.status).toBe(413);
    if (!read.ok) expect(await codeOf(read.response)).toBe("too_large");
    expect(body.pulled()).toBeLessThanOrEqual(700);
  });

  it("refuses a Content-Length that is not a byte count with 400", async () => {
    const request = { headers: new Headers({ "content-type": "application/json", "content-length": "1e3" }), body: null } as Request;
    const read = await readJsonBody(request, { maxBytes: 500 });
    expect(read.ok ? 200 : read.response.status).toBe(400);
    if (!read.ok) expect(await codeOf(read.response)).toBe("invalid_content_length");
  });

  it("answers a body that is not JSON, or not UTF-8, with 400 invalid_json", async () => {
    for (const body of ["{not json", new Uint8Array([0x22, 0xff, 0x22])]) {
      const read = await readJsonBody(post(body), { maxBytes: 100 });
      expect(read.ok ? 200 : read.response.status).toBe(400);
      if (!read.ok) expect(await codeOf(read.response)).toBe("invalid_json");
    }
  });
});
