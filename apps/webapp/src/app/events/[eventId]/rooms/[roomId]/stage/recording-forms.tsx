"use client";

import { FormMessage, SubmitButton, useFormAction } from "@/components/form";
import { startRecordingAction, stopRecordingAction } from "./recording-actions";

type Ids = { eventId: string; roomId: string; requestId: string };

export function RecordingButton({ eventId, roomId, requestId, recording }: Ids & { recording: boolean }) {
  const { state, action, onSubmit } = useFormAction(recording ? stopRecordingAction : startRecordingAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <FormMessage state={state} fields={[]} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      <input type="hidden" name="requestId" value={requestId} />
      {recording ? (
        <SubmitButton pendingLabel="Stopping…" variant="danger">
          Stop recording
        </SubmitButton>
      ) : (
        <SubmitButton pendingLabel="Starting…">Start recording</SubmitButton>
      )}
    </form>
  );
}
