"use client";

import { useActionState } from "react";
import { Field, FormMessage, ROOM_KIND_OPTIONS, SelectField, SubmitButton } from "@/components/form";
import { createEventAction } from "../actions";

export function NewEventForm({ accountId, zones }: { accountId: string; zones: string[] }) {
  const [state, action] = useActionState(createEventAction, null);
  const browserZone = typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC";
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="accountId" value={accountId} />
      <Field label="Event name" name="name" required state={state} />
      <Field label="Description" name="description" state={state}>
        <textarea
          id="field-description"
          name="description"
          rows={3}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts" name="startsAt" type="datetime-local" required state={state} />
        <Field label="Ends" name="endsAt" type="datetime-local" required state={state} />
      </div>
      <SelectField
        label="Time zone"
        name="timeZone"
        state={state}
        defaultValue={zones.includes(browserZone) ? browserZone : "UTC"}
        options={zones.map((z) => ({ value: z, label: z }))}
      />
      <fieldset className="space-y-4 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold">First room</legend>
        <Field label="Room name" name="roomName" defaultValue="Main stage" state={state} />
        <SelectField label="Room kind" name="roomKind" state={state} options={ROOM_KIND_OPTIONS} defaultValue="stage" />
      </fieldset>
      <SubmitButton pendingLabel="Creating event…">Create event</SubmitButton>
    </form>
  );
}
