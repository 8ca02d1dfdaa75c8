"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { createRoomAction, publishEventAction } from "../actions";

export function PublishButton({ eventId }: { eventId: string }) {
  const [state, action] = useActionState(publishEventAction, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Publishing…">Publish event</SubmitButton>
    </form>
  );
}

export function AddRoomForm({ eventId }: { eventId: string }) {
  const [state, action] = useActionState(createRoomAction, null);
  return (
    <form action={action} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h3 className="font-semibold">Add a room</h3>
      <FormMessage state={state} />
      {state?.ok ? (
        <p role="status" className="text-sm text-emerald-800">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="eventId" value={eventId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Room name" name="name" required state={state} />
        <SelectField
          label="Kind"
          name="kind"
          state={state}
          defaultValue="breakout"
          options={[
            { value: "stage", label: "Stage" },
            { value: "breakout", label: "Breakout" },
            { value: "backstage", label: "Backstage" },
          ]}
        />
        <Field label="Capacity (optional)" name="capacity" type="number" min={1} state={state} />
      </div>
      <SubmitButton pendingLabel="Adding room…" variant="secondary">
        Add room
      </SubmitButton>
    </form>
  );
}
