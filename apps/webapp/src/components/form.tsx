"use client";

import { type FormEvent, type ReactNode, useActionState, useState, useSyncExternalStore } from "react";
import { useFormStatus } from "react-dom";
import { ROOM_KINDS, type RoomKind } from "@greenroom/db/webapp/room-kinds";
import type { FormState } from "@/server/transport";

const ROOM_KIND_LABELS: Record<RoomKind, string> = { stage: "Stage", breakout: "Breakout", backstage: "Backstage" };

/** The room kinds as select options, in the order the schema lists them. */
export const ROOM_KIND_OPTIONS = ROOM_KINDS.map((kind) => ({ value: kind, label: ROOM_KIND_LABELS[kind] }));

export function Field({
  label,
  name,
  state,
  hint,
  children,
  ...input
}: {
  label: string;
  name: string;
  state: FormState;
  hint?: string;
  children?: ReactNode;
} & React.InputHTMLAttributes<HTMLInputElement>) {
  const errors = state?.fieldErrors?.[name];
  const id = input.id ?? `field-${name}`;
  const initial = input.type === "password" ? undefined : (state?.values?.[name] ?? input.defaultValue);
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children ?? (
        <input
          id={id}
          name={name}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy || undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid]:border-red-600"
          {...input}
          // React resets a form after its action; keying on the echoed value remounts the input with it.
          key={String(initial ?? "")}
          defaultValue={initial}
        />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  name,
  state,
  options,
  defaultValue,
  id: idOverride,
}: {
  label: string;
  name: string;
  state: FormState;
  options: { value: string; label: string }[];
  defaultValue?: string;
  id?: string;
}) {
  const errors = state?.fieldErrors?.[name];
  const id = idOverride ?? `field-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        key={state?.values?.[name] ?? defaultValue}
        id={id}
        name={name}
        defaultValue={state?.values?.[name] ?? defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form's own message: a success as a status (announced politely by screen readers), a failure as an alert.
 * A message that a field already shows is not repeated, and an error about the form as a whole (`_form`) is shown
 * instead of the generic "Some fields need attention".
 */
export function FormMessage({
  state,
  fields = [],
  showSuccess = false,
}: {
  state: FormState;
  /** The fields this form shows; errors on other fields (hidden ids) are said here. Empty: all are shown. */
  fields?: string[];
  /** Also show a success message (forms that show their own success, such as an invitation link, leave it off). */
  showSuccess?: boolean;
}) {
  if (!state?.message) return null;
  if (state.ok) {
    if (!showSuccess) return null;
    return (
      <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        {state.message}
      </p>
    );
  }
  const fieldErrors = state.fieldErrors ?? {};
  const formError = fieldErrors._form?.[0];
  // Errors on fields this form does not show (hidden inputs such as ids) are said here, once.
  const unshown = Object.entries(fieldErrors)
    .filter(([name]) => name !== "_form" && fields.length > 0 && !fields.includes(name))
    .map(([, messages]) => messages[0])
    .filter((m): m is string => Boolean(m));
  const shownByFields = Object.entries(fieldErrors)
    .filter(([name]) => name !== "_form" && (fields.length === 0 || fields.includes(name)))
    .map(([, messages]) => messages[0]);
  const text = formError ?? unshown[0] ?? (shownByFields.includes(state.message) ? null : state.message);
  if (!text) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {text}
    </p>
  );
}

export function TextAreaField({
  label,
  name,
  state,
  defaultValue,
  rows = 4,
}: {
  label: string;
  name: string;
  state: FormState;
  defaultValue?: string;
  rows?: number;
}) {
  const errors = state?.fieldErrors?.[name];
  const id = `field-${name}`;
  const initial = state?.values?.[name] ?? defaultValue ?? "";
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        // React resets a form after its action; keying on the echoed value remounts the textarea with it.
        key={initial}
        id={id}
        name={name}
        rows={rows}
        defaultValue={initial}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
      />
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

/*
 * Which form on the page was submitted last. A form's message belongs to the submission that produced it: once
 * another form on the page is submitted, older messages ("X is now a co-owner", "already on stage") disappear.
 */
let lastSubmission = 0;
const submissionListeners = new Set<() => void>();
const subscribeSubmissions = (listener: () => void) => {
  submissionListeners.add(listener);
  return () => submissionListeners.delete(listener);
};

/**
 * `useActionState` for a form whose message should only show until another form on the page is submitted. Pass
 * `action` and `onSubmit` to the `<form>`; `action` stays the server action, so the form works without JavaScript.
 */
export function useFormAction<S extends FormState>(
  serverAction: (state: S, form: FormData) => Promise<S>,
): { state: S; action: (form: FormData) => void; onSubmit: (event: FormEvent<HTMLFormElement>) => void } {
  // The generic S only narrows what the caller reads; React's overloads cannot infer through it.
  const [rawState, action] = useActionState(
    serverAction as unknown as (state: FormState, form: FormData) => Promise<FormState>,
    null,
  );
  const state = rawState as S;
  const [mine, setMine] = useState(0);
  const latest = useSyncExternalStore(
    subscribeSubmissions,
    () => lastSubmission,
    () => 0,
  );
  const onSubmit = () => {
    lastSubmission += 1;
    setMine(lastSubmission);
    for (const listener of submissionListeners) listener();
  };
  return { state: mine === latest ? state : (null as S), action, onSubmit };
}

/**
 * A destructive action behind a confirmation step that needs no JavaScript: the first button opens a disclosure
 * that says what will happen, and only its second button posts the form.
 */
export function ConfirmForm({
  label,
  srLabel,
  confirmLabel,
  question,
  action,
  onSubmit,
  hidden,
  compact = false,
}: {
  label: string;
  srLabel?: string;
  confirmLabel: string;
  question: ReactNode;
  action: (form: FormData) => void;
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  hidden: Record<string, string>;
  compact?: boolean;
}) {
  const size = compact ? "px-2 py-1 text-xs" : "px-4 py-2 text-sm";
  return (
    <details className="group">
      <summary
        className={`inline-flex cursor-pointer list-none items-center rounded-md border border-red-300 bg-white font-semibold text-red-700 shadow-sm hover:bg-red-50 ${size}`}
      >
        {label}
        {srLabel ? <span className="sr-only"> {srLabel}</span> : null}
      </summary>
      <form
        action={action}
        onSubmit={onSubmit}
        className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-950"
      >
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p>{question}</p>
        <SubmitButton pendingLabel="Working…" variant="danger">
          {confirmLabel}
        </SubmitButton>
      </form>
    </details>
  );
}

export function SubmitButton({
  children,
  pendingLabel,
  variant = "primary",
}: {
  children: ReactNode;
  pendingLabel: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const { pending } = useFormStatus();
  const styles = {
    primary: "bg-brand-700 text-white hover:bg-brand-800",
    secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  }[variant];
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold shadow-sm disabled:opacity-60 ${styles}`}
    >
      {pending ? (
        <>
          <span
            aria-hidden="true"
            className="h-4 w-4 animate-spin rounded-full border-2 border-current border-t-transparent"
          />
          {pendingLabel}
        </>
      ) : (
        children
      )}
    </button>
  );
}
