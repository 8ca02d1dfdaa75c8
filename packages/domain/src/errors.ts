import { z } from "zod";

export type DomainErrorCode =
  | "not_found"
  | "forbidden"
  | "conflict"
  | "invalid"
  | "unauthenticated"
  | "rate_limited";

export type FieldErrors = Record<string, string[]>;

/** The one error type domain verbs throw; each transport maps `code` to its own status in one place. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(code: DomainErrorCode, message: string, extra: { fieldErrors?: FieldErrors } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
  }
}

export const notFound = (what = "Not found") => new DomainError("not_found", what);
export const forbidden = (message = "You may not do that") => new DomainError("forbidden", message);
export const conflict = (message: string) => new DomainError("conflict", message);
export const unauthenticated = (message = "Sign in first") => new DomainError("unauthenticated", message);
export const invalid = (message: string, fieldErrors?: FieldErrors) =>
  new DomainError("invalid", message, fieldErrors ? { fieldErrors } : {});

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Parses a verb's input with its schema, or throws `invalid` with field errors from `z.flattenError`: one message
 * per top-level field (the first, which is all a form shows), and errors about the input as a whole under `_form`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const flat = z.flattenError(result.error);
  const fieldErrors: FieldErrors = {};
  for (const [field, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) {
    const first = messages?.[0];
    if (first !== undefined) fieldErrors[field] = [first];
  }
  const formError = flat.formErrors[0];
  if (formError !== undefined) fieldErrors._form = [formError];
  throw invalid("Some fields need attention", fieldErrors);
}
