"use client";

import { ConfirmForm, FormMessage, useFormAction } from "@/components/form";
import { deleteEventAction } from "./delete-actions";

export function DeleteEventButton({ eventId, eventName, requestId }: { eventId: string; eventName: string; requestId: string }) {
  const { state, action, onSubmit } = useFormAction(deleteEventAction);
  return (
    <div className="space-y-2">
      <ConfirmForm
        label="Delete event"
        confirmLabel={`Yes, delete “${eventName}” for good`}
        question="Deleting removes the event, its rooms, access and tickets, and every recording, stage event and clip made in it. It cannot be undone; to keep it but hide it, archive it instead."
        action={action}
        onSubmit={onSubmit}
        hidden={{ eventId, requestId }}
      />
      <FormMessage state={state} />
    </div>
  );
}
