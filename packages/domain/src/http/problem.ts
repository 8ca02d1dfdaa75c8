/**
 * The one error envelope of every machine endpoint: `application/problem+json` (RFC 9457) with the members `type`,
 * `title`, `status`, `detail`, and a stable `code` that clients may branch on (the title and detail are for people
 * and may change). Domain-free and dependency-free: the webapp's Worker entry, its route handlers and the webhook
 * handler all answer through it.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [member: string]: unknown;
};

/** The body of a problem answer. `type` is `about:blank` (the status says it all, RFC 9457 §4.2.1). */
export function problemBody(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ProblemBody {
  return { ...extra, type: "about:blank", title: TITLES[status] ?? "Error", status, detail, code };
}

/**
 * A problem answer: `problem(413, "too_large", "At most 4 KiB")`. `extra` adds members (for example `fieldErrors`)
 * and response headers come from `init.headers`. Never cached.
 */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra?: Record<string, unknown>,
  init: { headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, extra)), {
    status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...init.headers },
  });
}
