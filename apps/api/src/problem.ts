import { ConfigError } from "@greenroom/config/env";
import { type DomainErrorCode, isDomainError } from "@greenroom/domain/errors";
import { problem } from "@greenroom/domain/http";
import { z } from "zod";

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/** The API's one error envelope (RFC 9457 problem+json, with a stable `code`), as the OpenAPI document states it. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe("Stable machine-readable code: invalid, unauthenticated, forbidden, not_found, conflict, ..."),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
});

/** A thrown error as the API answers it: a DomainError as its status and code, anything else a logged 500. */
export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) {
    const headers: Record<string, string> = error.code === "unauthenticated" ? { "www-authenticate": 'Bearer realm="greenroom"' } : {};
    return problem(STATUS[error.code], error.code, error.message, error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}, { headers });
  }
  // A configuration error names the bad settings, never their values; any other error is logged by name only:
  // messages can carry request data, and secrets never reach a log.
  if (error instanceof ConfigError) console.error("[api]", error.message);
  else console.error("[api] unexpected error", error instanceof Error ? error.name : typeof error);
  return problem(500, "internal", "Something went wrong on our side; retry later.");
}
