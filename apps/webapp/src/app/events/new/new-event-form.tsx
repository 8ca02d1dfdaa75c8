"use client";

import { Field, FormMessage, ROOM_KIND_OPTIONS, SelectField, SubmitButton, TextAreaField, useFormAction } from "@/components/form";
import { createEventAction } from "../actions";
import { ScheduleFields } from "../schedule-fields";
import type { ZoneOption } from "../zones";

export function NewEventForm({ accountId, zones }: { accountId: string; zones: ZoneOption[] }) {
  const { state, action, onSubmit } = useFormAction(createEventAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="accountId" value={accountId} />
      <Field label="Event name" name="name" required state={state} />
      <TextAreaField label="Description" name="description" rows={3} state={state} />
      <ScheduleFields
        state={state}
        zones={zones}
        initial={{ startsAt: "", endsAt: "", timeZone: "UTC" }}
        detectZone={!state?.values?.timeZone}
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
