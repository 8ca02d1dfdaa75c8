"use client";

import Link from "next/link";
import { Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import { registerAction } from "./actions";

type OpenType = { id: string; name: string; priceLabel: string; left: number | null };

/** The free registration form: pick a ticket type (only types that can be taken now are offered), name and email. */
export function RegistrationForm({ types, email }: { types: OpenType[]; email?: string }) {
  const { state, action, onSubmit } = useFormAction(registerAction);
  if (state?.ok) {
    return (
      <div role="status" className="space-y-2 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-emerald-950">
        <p className="font-medium">{state.message}</p>
        {"yours" in state && state.yours ? (
          <Link href="/my" className="font-semibold underline">
            Go to My events
          </Link>
        ) : null}
      </div>
    );
  }
  if (types.length === 0) return <p className="text-slate-700">No free tickets can be taken right now.</p>;
  const chosen = state?.values?.ticketTypeId ?? types[0]?.id;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormMessage state={state} fields={["ticketTypeId", "name", "email"]} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Ticket</legend>
        {types.map((type) => (
          <label key={type.id} className="flex items-center gap-3 rounded-md border border-slate-200 p-3">
            <input type="radio" name="ticketTypeId" value={type.id} defaultChecked={type.id === chosen} className="h-4 w-4" />
            <span>
              <span className="font-medium">{type.name}</span>{" "}
              <span className="text-sm text-slate-600">
                {type.priceLabel || "Free"}
                {type.left !== null ? ` · ${type.left} left` : ""}
              </span>
            </span>
          </label>
        ))}
        {state?.fieldErrors?.ticketTypeId ? <p className="text-sm text-red-700">Choose a ticket</p> : null}
      </fieldset>
      <Field label="Your name" name="name" autoComplete="name" required state={state} />
      <Field label="Email" name="email" type="email" autoComplete="email" required state={state} defaultValue={email} />
      <SubmitButton pendingLabel="Registering…">Register</SubmitButton>
    </form>
  );
}
