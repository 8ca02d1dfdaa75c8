"use client";

import { Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import { putOnStageAction, takeOffStageAction } from "../../../../actions";

type Ids = { eventId: string; roomId: string; requestId: string };

export function PutOnStageForm({ eventId, roomId, requestId }: Ids) {
  // Each form's message lasts until another form on the page is submitted ("already on stage" does not linger).
  const { state, action, onSubmit } = useFormAction(putOnStageAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <FormMessage state={state} showSuccess fields={["participantName"]} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      <input type="hidden" name="requestId" value={requestId} />
      <Field label="Participant name" name="participantName" required state={state} />
      <SubmitButton pendingLabel="Putting on stage…">Put on stage</SubmitButton>
    </form>
  );
}

export function TakeOffStageButton({
  eventId,
  roomId,
  requestId,
  participantId,
  participantName,
}: Ids & { participantId: string; participantName: string }) {
  const { state, action, onSubmit } = useFormAction(takeOffStageAction);
  return (
    <form action={action} onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      <input type="hidden" name="requestId" value={requestId} />
      <input type="hidden" name="participantId" value={participantId} />
      <input type="hidden" name="participantName" value={participantName} />
      {state?.message && !state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
      <SubmitButton pendingLabel="Taking off…" variant="danger">
        Take off stage<span className="sr-only"> {participantName}</span>
      </SubmitButton>
    </form>
  );
}
