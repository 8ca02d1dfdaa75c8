"use client";

import type { ReactNode } from "react";
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
          {errors.join(" ")}
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
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormMessage({ state }: { state: FormState }) {
  if (!state?.message || state.ok) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
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
