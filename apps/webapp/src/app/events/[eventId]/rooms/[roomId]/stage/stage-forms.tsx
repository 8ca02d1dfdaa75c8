"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { putOnStageAction, takeOffStageAction } from "../../../../actions";

type Ids = { eventId: string; roomId: string; requestId: string };

export function PutOnStageForm({ eventId, roomId, requestId }: Ids) {
  const [state, action] = useActionState(putOnStageAction, null);
  return (
    <form action={action} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <FormMessage state={state} />
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
  const [state, action] = useActionState(takeOffStageAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
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
