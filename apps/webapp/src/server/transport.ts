import { isDomainError } from "@greenroom/domain/errors";
import { headers } from "next/headers";
import { forbidden, notFound, redirect, unstable_rethrow } from "next/navigation";
import { REQUEST_PATH_HEADER, signInPathFor } from "./redirect";

export type FormState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  // What the user typed, so a form re-renders with it after an error. Never holds passwords.
  values?: Record<string, string>;
} | null;

/** Maps a thrown error to what a form shows. The one place server actions turn errors into UI state. */
export function formStateFor(error: unknown, fields: Record<string, string> = {}): FormState {
  unstable_rethrow(error);
  const values = Object.fromEntries(Object.entries(fields).filter(([key]) => !/password/i.test(key)));
  if (isDomainError(error)) {
    if (error.code === "unauthenticated") redirect("/signin");
    return { ok: false, message: error.message, fieldErrors: error.fieldErrors ?? {}, values };
  }
  console.error("[action] unexpected error", error instanceof Error ? error.name : typeof error);
  return { ok: false, message: "Something went wrong on our side. Please try again.", values };
}

/** The sign-in page with a way back to the page being rendered (the middleware passes its path along). */
export async function signInRedirect(): Promise<never> {
  redirect(signInPathFor((await headers()).get(REQUEST_PATH_HEADER)));
}

/**
 * For pages: a missing or foreign row is a 404, a denied one a 403 (never a 500), and a signed-out visitor goes
 * to sign in and comes back afterwards. Every page loads its data through this.
 */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.code === "not_found" || error.code === "invalid") notFound();
    if (error.code === "forbidden") forbidden();
    if (error.code === "unauthenticated") return signInRedirect();
    throw error;
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") out[key] = value;
  return out;
}

/**
 * Text from a form post, a URL or a sign-in provider, handed to a domain verb as its input. The one cast from
 * untyped request data to a verb's input type: every verb parses its input with its schema, so a missing or
 * malformed field comes back as a field error (an `invalid` DomainError), never as a wrong value in the database.
 */
export function requestInput<I>(fields: Record<string, unknown>): I {
  return fields as I;
}
