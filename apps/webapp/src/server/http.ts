import { type DomainErrorCode, isDomainError } from "@greenroom/domain/errors";
import { problem } from "@greenroom/domain/http";

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/**
 * The one place route handlers turn a thrown error into a response, in the problem envelope
 * (`application/problem+json`, see @greenroom/domain/http): a DomainError becomes its status with its code as
 * `code`, its message as `detail` and its `fieldErrors`; anything else is a generic 500, logged by name only.
 */
export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) {
    return problem(STATUS[error.code], error.code, error.message, error.fieldErrors ? { fieldErrors: error.fieldErrors } : {});
  }
  console.error("[route] unexpected error", error instanceof Error ? error.name : typeof error);
  return problem(500, "internal", "Something went wrong on our side.");
}
