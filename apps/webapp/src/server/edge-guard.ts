import { declaredLength, problem, readLimited } from "@greenroom/domain/http";

/**
 * The HTTP edge of the webapp Worker, run by the custom entry (apps/webapp/worker.ts) before OpenNext sees the
 * request: what Next or OpenNext would otherwise answer with a 500 (a path segment that is not valid percent-encoding,
 * a router-state header that does not parse, a body too large for OpenNext to buffer) is refused here with a 4xx in
 * the problem envelope. Imports only the dependency-free problem and body helpers: the entry is bundled apart from
 * the Next server, so everything it imports is shipped once more.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** The CSV import page: a 1 MiB file plus, with JavaScript, the previous preview that useActionState posts back. */
export const CSV_IMPORT_MAX_BYTES = 6 * MiB;
/** Retailer webhooks (the same figure as the handler's own limit). */
export const WEBHOOK_MAX_BYTES = 256 * KiB;
/** The other machine endpoints (stage changes, recording, Auth.js sign-in forms): small JSON or form bodies. */
export const API_MAX_BYTES = 64 * KiB;
/** Every other path: server-action form posts of the pages, at Next's own default limit for them. */
export const PAGE_MAX_BYTES = 1 * MiB;

const CSV_IMPORT_PATH = /^\/events\/[^/]+\/orders\/?$/;

/** The largest body a request to this path may carry. */
export function bodyCeiling(pathname: string): number {
  if (pathname.startsWith("/api/hooks/")) return WEBHOOK_MAX_BYTES;
  if (pathname === "/api" || pathname.startsWith("/api/")) return API_MAX_BYTES;
  if (CSV_IMPORT_PATH.test(pathname)) return CSV_IMPORT_MAX_BYTES;
  return PAGE_MAX_BYTES;
}

/** True when a segment of the (raw, still encoded) path is not valid percent-encoded UTF-8. */
export function hasMalformedSegment(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

// Next 16.2's FlightRouterState (next/dist/server/app-render/types.js), which it parses from the
// `Next-Router-State-Tree` header and answers with a 500 when it does not match.
const DYNAMIC_PARAM_TYPES = new Set(["c", "ci(..)(..)", "ci(.)", "ci(..)", "ci(...)", "oc", "d", "di(..)(..)", "di(.)", "di(..)", "di(...)"]);
const REFRESH_MARKERS = new Set(["refetch", "inside-shared-layout", "metadata-only"]);
const MAX_ROUTER_STATE_CHARS = 40_000;
const MAX_ROUTER_STATE_DEPTH = 64;

const isString = (v: unknown): v is string => typeof v === "string";

function isSegment(value: unknown): boolean {
  if (isString(value)) return true;
  if (!Array.isArray(value) || value.length !== 4) return false;
  const [name, key, type, siblings] = value;
  return (
    isString(name) &&
    isString(key) &&
    isString(type) &&
    DYNAMIC_PARAM_TYPES.has(type) &&
    (siblings === null || (Array.isArray(siblings) && siblings.every(isString)))
  );
}

function isRouterState(value: unknown, depth: number): boolean {
  if (depth > MAX_ROUTER_STATE_DEPTH || !Array.isArray(value) || value.length < 2 || value.length > 5) return false;
  const [segment, children, url, refresh, flags] = value;
  if (!isSegment(segment)) return false;
  if (typeof children !== "object" || children === null || Array.isArray(children)) return false;
  if (!Object.values(children).every((child) => isRouterState(child, depth + 1))) return false;
  if (url !== undefined && url !== null && !(Array.isArray(url) && url.length === 2 && url.every(isString))) return false;
  if (refresh !== undefined && refresh !== null && !(isString(refresh) && REFRESH_MARKERS.has(refresh))) return false;
  return flags === undefined || typeof flags === "number";
}

/** Whether Next will accept this `Next-Router-State-Tree` header (percent-encoded JSON of the router state). */
export function isValidRouterState(header: string): boolean {
  if (header.length > MAX_ROUTER_STATE_CHARS) return false;
  try {
    return isRouterState(JSON.parse(decodeURIComponent(header)), 0);
  } catch {
    return false;
  }
}

// React's no-JavaScript form posts name their server action in the form data; Next 16.2 throws (a 500) when a
// multipart page POST without a Next-Action header names none, or one that is not a server-reference id (42 hex).
const ACTION_ID = /^[0-9a-f]{42}$/;
const ACTION_DESCRIPTOR = /^\{"id":"([^"]*)"/;

/** Whether a no-JavaScript form post names its server action the way React's forms do (Next's own pre-check). */
export function namesFormAction(form: FormData): boolean {
  let refs = 0;
  let found = false;
  for (const key of form.keys()) {
    if (key.startsWith("$ACTION_ID_")) {
      if (!ACTION_ID.test(key.slice("$ACTION_ID_".length))) return false;
      found = true;
    } else if (key.startsWith("$ACTION_REF_")) {
      refs += 1;
      const descriptors = form.getAll(`$ACTION_${key.slice("$ACTION_REF_".length)}:0`);
      const id = typeof descriptors[0] === "string" ? ACTION_DESCRIPTOR.exec(descriptors[0])?.[1] : undefined;
      if (refs > 2 || descriptors.length !== 1 || !id || !ACTION_ID.test(id)) return false;
      found = true;
    }
  }
  return found;
}

const isFormActionPost = (request: Request, pathname: string) =>
  request.method === "POST" &&
  !request.headers.has("next-action") &&
  !pathname.startsWith("/api/") &&
  (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** After a refused chunked body, at most this much more of it is read and thrown away (see `readUpTo`). */
const DISCARD_MAX_BYTES = 16 * MiB;

/**
 * Reads a body up to `max` bytes. Past that it keeps nothing more and reads the rest only to drop it (up to
 * DISCARD_MAX_BYTES, then cancels) before answering: a connection whose request body was left half read is unusable
 * for the next request behind wrangler's local proxy (it answers that one 503 or not at all), and workerd allows no
 * reading of the request once the response is out.
 */
const readUpTo = (body: ReadableStream<Uint8Array>, max: number) => readLimited(body, max, drop);

async function drop(reader: ReadableStreamDefaultReader<Uint8Array>, seen: number): Promise<void> {
  let total = seen;
  try {
    while (total <= DISCARD_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to read.
  }
}

/**
 * Refuses what the app behind cannot answer with a 4xx itself, or hands the request on. A body without a
 * Content-Length (chunked) is read here up to the path's ceiling and handed on buffered, so OpenNext never reads
 * more than that either; past the ceiling the rest is dropped, never kept.
 */
export async function guardRequest(request: Request): Promise<Request | Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return problem(400, "invalid_url", "The request URL does not parse.");
  }
  if (hasMalformedSegment(url.pathname)) {
    return problem(400, "malformed_path", "A part of this address is not valid percent-encoding.");
  }
  const routerState = request.headers.get("next-router-state-tree");
  if (routerState !== null && !isValidRouterState(routerState)) {
    return problem(400, "invalid_router_state", "The Next-Router-State-Tree header does not parse.");
  }

  const ceiling = bodyCeiling(url.pathname);
  const tooLarge = () => problem(413, "too_large", `The body is larger than this address accepts (${ceiling} bytes).`, { maxBytes: ceiling });
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared === "invalid") return problem(400, "invalid_content_length", "Content-Length is not a byte count.");
  if (declared !== null && declared > ceiling) return tooLarge();
  let forward = request;
  if (declared === null && request.body !== null) {
    const bytes = await readUpTo(request.body, ceiling);
    if (bytes === null) return tooLarge();
    forward = new Request(request, { body: bytes });
  }
  if (isFormActionPost(forward, url.pathname)) {
    const form = await forward
      .clone()
      .formData()
      .catch(() => null);
    if (!form || !namesFormAction(form)) return problem(400, "unknown_form_action", "This form post names no action of this app.");
  }
  return forward;
}
