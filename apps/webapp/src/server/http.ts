import { type DomainErrorCode, isDomainError } from "@greenroom/domain/errors";

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

/**
 * The one place route handlers turn a thrown error into a response: a DomainError becomes its status with a JSON
 * body `{ error: { code, message, fieldErrors? } }`; anything else is a generic 500, logged by name only.
 */
export function errorResponse(error: unknown): Response {
  if (isDomainError(error)) {
    const body = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      },
    };
    return Response.json(body, { status: STATUS[error.code] });
  }
  console.error("[route] unexpected error", error instanceof Error ? error.name : typeof error);
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}
