import type { MiddlewareHandler } from "hono";

/**
 * The headers every answer of this Worker carries, as the webapp's pages carry theirs (apps/webapp/src/security-headers.ts):
 * it answers on the same host. Its answers are JSON, CSV or event streams, never a document to render, so the
 * policy allows nothing at all.
 */
const HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const missing = Object.entries(HEADERS).filter(([name]) => !c.res.headers.has(name));
  if (missing.length === 0) return;
  // A response straight from fetch() has immutable headers: answer with a copy.
  const response = new Response(c.res.body, c.res);
  for (const [name, value] of missing) response.headers.set(name, value);
  c.res = undefined;
  c.res = response;
};
