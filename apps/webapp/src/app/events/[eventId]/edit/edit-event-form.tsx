"use client";

import { Field, FormMessage, SubmitButton, TextAreaField, useFormAction } from "@/components/form";
import { updateEventAction } from "../../actions";
import { ScheduleFields } from "../../schedule-fields";
import type { ZoneOption } from "../../zones";

type EditableEvent = {
  id: string;
  name: string;
  description: string;
  slug: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
};

export function EditEventForm({ event, zones }: { event: EditableEvent; zones: ZoneOption[] }) {
  const { state, action, onSubmit } = useFormAction(updateEventAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="eventId" value={event.id} />
      <Field label="Event name" name="name" defaultValue={event.name} required state={state} />
      <TextAreaField label="Description" name="description" defaultValue={event.description} state={state} />
      <Field
        label="Public address"
        name="slug"
        defaultValue={event.slug}
        hint="The page at /e/… once the event is published: lowercase letters, digits and hyphens."
        autoComplete="off"
        spellCheck={false}
        state={state}
      />
      <ScheduleFields
        state={state}
        zones={zones.some((z) => z.value === event.timeZone) ? zones : [{ value: event.timeZone, offset: "" }, ...zones]}
        initial={{ startsAt: event.startsAt, endsAt: event.endsAt, timeZone: event.timeZone }}
        detectZone={false}
      />
      <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
    </form>
  );
}
