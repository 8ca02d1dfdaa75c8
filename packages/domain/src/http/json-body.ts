import { problem } from "./problem";

/**
 * The one reader of JSON request bodies: the declared size, the content type, the bytes while streaming, then the
 * parse. Each failure is an answer in the problem envelope, so an endpoint writes
 * `const body = await readJsonBody(request, { maxBytes: 4096 }); if (!body.ok) return body.response;`.
 */
export type JsonBodyResult = { ok: true; value: unknown; text: string } | { ok: false; response: Response };

/** `application/json`, compared case-insensitively, parameters allowed (`Application/JSON; charset=utf-8`). */
export function isJsonContentType(header: string | null): boolean {
  const type = (header ?? "").split(";", 1)[0]?.trim().toLowerCase();
  return type === "application/json";
}

/**
 * The declared `Content-Length`: its number, null when absent, or "invalid" when it is not a plain decimal count
 * (a sign, a list, an exponent or more digits than any body here could have).
 */
export function declaredLength(header: string | null): number | null | "invalid" {
  if (header === null) return null;
  const value = header.trim();
  return /^\d{1,15}$/.test(value) ? Number(value) : "invalid";
}

/**
 * Reads a body up to `max` bytes; null as soon as it grows past that. By default the rest is not read (the stream is
 * cancelled); `overflow` gets the reader and the bytes seen so far to do otherwise (the Worker entry drains it).
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  max: number,
  overflow: (reader: ReadableStreamDefaultReader<Uint8Array>, seen: number) => Promise<void> = (reader) =>
    reader.cancel().catch(() => undefined),
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await overflow(reader, total);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

const tooLarge = (maxBytes: number) => problem(413, "too_large", `The body is larger than ${maxBytes} bytes.`, { maxBytes });

export async function readJsonBody(request: Request, options: { maxBytes: number }): Promise<JsonBodyResult> {
  const { maxBytes } = options;
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared === "invalid") return { ok: false, response: problem(400, "invalid_content_length", "Content-Length is not a byte count.") };
  if (declared !== null && declared > maxBytes) return { ok: false, response: tooLarge(maxBytes) };
  if (!isJsonContentType(request.headers.get("content-type"))) {
    return { ok: false, response: problem(415, "unsupported_media_type", "Send the body as application/json.") };
  }
  const raw = await readLimited(request.body, maxBytes);
  if (raw === null) return { ok: false, response: tooLarge(maxBytes) };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return { ok: false, response: problem(400, "invalid_json", "The body is not UTF-8 text.") };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { ok: false, response: problem(400, "invalid_json", "The body is not valid JSON.") };
  }
}
