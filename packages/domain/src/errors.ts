import type { z } from "zod";

export type DomainErrorCode =
  | "not_found"
  | "forbidden"
  | "conflict"
  | "invalid"
  | "pending"
  | "unauthenticated"
  | "rate_limited";

export type FieldErrors = Record<string, string[]>;

/** The one error type domain verbs throw; each transport maps `code` to its own status in one place. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly fieldErrors: FieldErrors | undefined;
  readonly operationId: string | undefined;

  constructor(code: DomainErrorCode, message: string, extra: { fieldErrors?: FieldErrors; operationId?: string } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.fieldErrors = extra.fieldErrors;
    this.operationId = extra.operationId;
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

/** Parses a verb's input, turning zod issues into field-level messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    const list = fieldErrors[key] ?? [];
    list.push(issue.message);
    fieldErrors[key] = list;
  }
  throw invalid("Some fields need attention", fieldErrors);
}
