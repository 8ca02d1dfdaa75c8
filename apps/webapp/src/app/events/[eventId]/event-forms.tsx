"use client";

import type { FormEvent } from "react";
import {
  ConfirmForm,
  Field,
  FormMessage,
  ROOM_KIND_OPTIONS,
  SelectField,
  SubmitButton,
  useFormAction,
} from "@/components/form";
import {
  archiveEventAction,
  archiveRoomAction,
  createRoomAction,
  moveRoomAction,
  publishEventAction,
  restoreRoomAction,
  unarchiveEventAction,
  unpublishEventAction,
  updateRoomAction,
} from "../actions";

/**
 * Publishing. An event nobody can join yet (no ticket type, no invitations) comes back with a warning first; the
 * form then carries `confirm=yes` and its button reads "Publish anyway". A plain form post either way.
 */
export function PublishButton({ eventId }: { eventId: string }) {
  const { state, action, onSubmit } = useFormAction(publishEventAction);
  const warning = state?.fieldErrors?.confirm?.[0];
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      {warning ? (
        <>
          <input type="hidden" name="confirm" value="yes" />
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {warning}
          </p>
          <SubmitButton pendingLabel="Publishing…">Publish anyway</SubmitButton>
        </>
      ) : (
        <>
          <FormMessage state={state} showSuccess />
          <SubmitButton pendingLabel="Publishing…">Publish event</SubmitButton>
        </>
      )}
    </form>
  );
}

export function UnpublishButton({ eventId }: { eventId: string }) {
  const { state, action, onSubmit } = useFormAction(unpublishEventAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} showSuccess />
      <SubmitButton pendingLabel="Unpublishing…" variant="secondary">
        Unpublish
      </SubmitButton>
    </form>
  );
}

export function UnarchiveButton({ eventId }: { eventId: string }) {
  const { state, action, onSubmit } = useFormAction(unarchiveEventAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} showSuccess />
      <SubmitButton pendingLabel="Unarchiving…" variant="secondary">
        Unarchive event
      </SubmitButton>
    </form>
  );
}

export function AddRoomForm({ eventId }: { eventId: string }) {
  const { state, action, onSubmit } = useFormAction(createRoomAction);
  return (
    <form
      action={action}
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      noValidate
    >
      <h3 className="font-semibold">Add a room</h3>
      <FormMessage state={state} showSuccess />
      <input type="hidden" name="eventId" value={eventId} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Room name" name="name" required state={state} />
        <SelectField
          label="Kind"
          name="kind"
          state={state}
          defaultValue="breakout"
          options={ROOM_KIND_OPTIONS}
        />
        <Field label="Capacity (optional)" name="capacity" type="number" min={1} state={state} />
      </div>
      <SubmitButton pendingLabel="Adding room…" variant="secondary">
        Add room
      </SubmitButton>
    </form>
  );
}

export function ArchiveEventButton({ eventId }: { eventId: string }) {
  const { state, action, onSubmit } = useFormAction(archiveEventAction);
  return (
    <div className="space-y-2">
      <ConfirmForm
        label="Archive event"
        confirmLabel="Yes, archive the event"
        question="Archiving takes the event off lists and its public page, and makes it read-only: no edits, new rooms or stage changes. You can unarchive it later."
        action={action}
        onSubmit={onSubmit}
        hidden={{ eventId }}
      />
      <FormMessage state={state} showSuccess />
    </div>
  );
}

type RoomSummary = { id: string; name: string; kind: string; capacity: number | null };

function SmallAction({
  action,
  onSubmit,
  eventId,
  roomId,
  label,
  srLabel,
  extra,
}: {
  action: (payload: FormData) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  eventId: string;
  roomId: string;
  label: string;
  srLabel: string;
  extra?: Record<string, string>;
}) {
  return (
    <form action={action} onSubmit={onSubmit}>
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="roomId" value={roomId} />
      {Object.entries(extra ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50">
        {label}
        <span className="sr-only"> {srLabel}</span>
      </button>
    </form>
  );
}

export function RoomControls({
  eventId,
  room,
  isFirst,
  isLast,
}: {
  eventId: string;
  room: RoomSummary;
  isFirst: boolean;
  isLast: boolean;
}) {
  const move = useFormAction(moveRoomAction);
  const archive = useFormAction(archiveRoomAction);
  const edit = useFormAction(updateRoomAction);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start gap-2">
        {!isFirst ? (
          <SmallAction action={move.action} onSubmit={move.onSubmit} eventId={eventId} roomId={room.id} label="Move up" srLabel={room.name} extra={{ direction: "up" }} />
        ) : null}
        {!isLast ? (
          <SmallAction action={move.action} onSubmit={move.onSubmit} eventId={eventId} roomId={room.id} label="Move down" srLabel={room.name} extra={{ direction: "down" }} />
        ) : null}
        <ConfirmForm
          compact
          label="Archive"
          srLabel={room.name}
          confirmLabel={`Yes, archive “${room.name}”`}
          question="The room leaves the event's room list. You can restore it from “Archived rooms”."
          action={archive.action}
          onSubmit={archive.onSubmit}
          hidden={{ eventId, roomId: room.id }}
        />
      </div>
      <FormMessage state={move.state} />
      <FormMessage state={archive.state} showSuccess />
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">
          Edit<span className="sr-only"> {room.name}</span>
        </summary>
        <form action={edit.action} onSubmit={edit.onSubmit} className="mt-2 grid gap-3 sm:grid-cols-4" noValidate>
          <input type="hidden" name="eventId" value={eventId} />
          <input type="hidden" name="roomId" value={room.id} />
          <div className="sm:col-span-4">
            <FormMessage state={edit.state} showSuccess />
          </div>
          <Field label="Room name" name="name" defaultValue={room.name} state={edit.state} id={`room-name-${room.id}`} />
          <SelectField
            id={`room-kind-${room.id}`}
            label="Kind"
            name="kind"
            state={edit.state}
            defaultValue={room.kind}
            options={ROOM_KIND_OPTIONS}
          />
          <Field
            id={`room-capacity-${room.id}`}
            label="Capacity"
            name="capacity"
            type="number"
            min={1}
            defaultValue={room.capacity ?? ""}
            state={edit.state}
          />
          <div className="self-end">
            <SubmitButton pendingLabel="Saving…" variant="secondary">
              Save room
            </SubmitButton>
          </div>
        </form>
      </details>
    </div>
  );
}

export function RestoreRoomButton({ eventId, room }: { eventId: string; room: { id: string; name: string } }) {
  const { state, action, onSubmit } = useFormAction(restoreRoomAction);
  return (
    <div className="space-y-1">
      <form action={action} onSubmit={onSubmit}>
        <input type="hidden" name="eventId" value={eventId} />
        <input type="hidden" name="roomId" value={room.id} />
        <button type="submit" className="rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50">
          Restore<span className="sr-only"> {room.name}</span>
        </button>
      </form>
      <FormMessage state={state} showSuccess />
    </div>
  );
}
