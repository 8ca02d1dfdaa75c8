import type { Ctx } from "@greenroom/domain/context";
import { requestContext } from "./context";
import { type FormState, formObject, formStateFor, requestInput } from "./transport";

/** The text fields of a posted form, by name (files are ignored; repeated names keep the last value). */
export type FormFields = Record<string, string>;

type Verb<I, O> = (args: { ctx: Ctx; input: I }) => Promise<O>;

export type FormHandling<O, S extends FormState> = {
  /**
   * Fields to add to or override in the verb's input, such as checkbox groups (arrays) or the site's base URL.
   * Arrays of strings are echoed back joined by commas.
   */
  input?: (fields: FormFields, form: FormData) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** What the form shows after the verb succeeded; may also redirect, set cookies and revalidate. */
  done: (result: O, ctx: Ctx) => S | Promise<S>;
  /** Store the D1 bookmark after the verb (read-your-writes for the next request). Default true. */
  commit?: boolean;
  /** Echo what the user typed back into the form after an error. Default true (passwords never are). */
  echo?: boolean;
};

/**
 * The one adapter from a form post to a domain verb: builds the verb's input from the form's fields, runs the verb
 * in this request's context, stores the bookmark, and turns the outcome into form state. A `DomainError` becomes its
 * message and field errors; a redirect or notFound thrown by Next (also from `done`) passes through untouched.
 */
export async function runFormVerb<I, O, S extends FormState>(
  form: FormData,
  verb: Verb<I, O>,
  handling: FormHandling<O, S>,
): Promise<S | FormState> {
  const fields = formObject(form);
  let values: FormFields = fields;
  try {
    const extra = handling.input ? await handling.input(fields, form) : {};
    values = { ...fields, ...joinedLists(extra) };
    const { ctx, commit } = await requestContext();
    // The form's field names are the schema's keys; the verb parses what arrives.
    const result = await verb({ ctx, input: requestInput<I>({ ...fields, ...extra }) });
    if (handling.commit !== false) await commit();
    return await handling.done(result, ctx);
  } catch (error) {
    return formStateFor(error, handling.echo === false ? {} : values);
  }
}

function joinedLists(extra: Record<string, unknown>): FormFields {
  const out: FormFields = {};
  for (const [key, value] of Object.entries(extra)) {
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) out[key] = value.join(",");
  }
  return out;
}

/** Checkbox groups and other repeated fields arrive as several values under one name. */
export function allValues(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}
