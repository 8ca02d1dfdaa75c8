"use client";

import type { StageCandidate } from "@greenroom/domain/stage";
import { Field, FormMessage, SelectField, SubmitButton, useFormAction } from "@/components/form";
import { putOnStageAction, takeOffStageAction } from "../../../../actions";

type Ids = { eventId: string; roomId: string; requestId: string };

/** A person granted this room (or the whole event), picked by user id, each shown with their roles. */
export function PutPersonOnStageForm({ eventId, roomId, requestId, candidates }: Ids & { candidates: StageCandidate[] }) {
  // Each form's message lasts until another form on the page is submitted ("already on stage" does not linger).
  const { state, action, onSubmit } = useFormAction(putOnStageAction);
  if (candidates.length === 0) {
    return (
      <p className="border-t border-slate-100 pt-3 text-sm text-slate-600">
        Nobody has been granted this room yet. Invite speakers from the event's access page, or add a guest by name below.
      </p>
    );
  }
  const options = [
    { value: "", label: "Choose a person…" },
    ...candidates.map((c) => ({ value: c.userId, label: `${c.name} · ${c.roles.join(", ")}` })),
  ];
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <FormMessage state={state} showSuccess fields={["userId"]} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      <input type="hidden" name="requestId" value={requestId} />
      <SelectField label="Person granted this room" name="userId" state={state} options={options} />
      <SubmitButton pendingLabel="Putting on stage…">Put on stage</SubmitButton>
    </form>
  );
}

/** A guest without an account, by name; shown as a guest everywhere. */
export function AddGuestForm({ eventId, roomId, requestId }: Ids) {
  const { state, action, onSubmit } = useFormAction(putOnStageAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <FormMessage state={state} showSuccess fields={["guestName"]} />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      <input type="hidden" name="requestId" value={requestId} />
      <Field label="Guest name (no account)" name="guestName" required state={state} />
      <SubmitButton pendingLabel="Adding the guest…" variant="secondary">
        Put guest on stage
      </SubmitButton>
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
