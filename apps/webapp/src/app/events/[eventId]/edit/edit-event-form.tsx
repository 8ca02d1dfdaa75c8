"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { updateEventAction } from "../../actions";

type EditableEvent = {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
};

export function EditEventForm({ event, zones }: { event: EditableEvent; zones: string[] }) {
  const [state, action] = useActionState(updateEventAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={event.id} />
      <Field label="Event name" name="name" defaultValue={event.name} required state={state} />
      <Field label="Description" name="description" state={state}>
        <textarea
          id="field-description"
          name="description"
          rows={4}
          defaultValue={event.description}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Starts" name="startsAt" type="datetime-local" defaultValue={event.startsAt} state={state} />
        <Field label="Ends" name="endsAt" type="datetime-local" defaultValue={event.endsAt} state={state} />
      </div>
      <SelectField
        label="Time zone"
        name="timeZone"
        state={state}
        defaultValue={event.timeZone}
        options={(zones.includes(event.timeZone) ? zones : [event.timeZone, ...zones]).map((z) => ({ value: z, label: z }))}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
