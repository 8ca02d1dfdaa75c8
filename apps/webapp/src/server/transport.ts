import { isDomainError } from "@greenroom/domain/errors";
import { notFound, redirect, unstable_rethrow } from "next/navigation";

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

/** For pages: a missing or foreign row is a 404, a signed-out visitor goes to sign in. */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isDomainError(error) && (error.code === "not_found" || error.code === "invalid")) notFound();
    if (isDomainError(error) && error.code === "unauthenticated") redirect("/signin");
    throw error;
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") out[key] = value;
  return out;
}
