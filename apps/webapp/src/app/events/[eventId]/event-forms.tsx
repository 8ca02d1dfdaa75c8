"use client";

import { useActionState } from "react";
import { Field, FormMessage, ROOM_KIND_OPTIONS, SelectField, SubmitButton } from "@/components/form";
import {
  archiveEventAction,
  archiveRoomAction,
  createRoomAction,
  moveRoomAction,
  publishEventAction,
  updateRoomAction,
} from "../actions";

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
  const [state, action] = useActionState(archiveEventAction, null);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Archiving…" variant="danger">
        Archive event
      </SubmitButton>
    </form>
  );
}

type RoomSummary = { id: string; name: string; kind: string; capacity: number | null };

function SmallAction({
  action,
  eventId,
  roomId,
  label,
  srLabel,
  extra,
}: {
  action: (payload: FormData) => void;
  eventId: string;
  roomId: string;
  label: string;
  srLabel: string;
  extra?: Record<string, string>;
}) {
  return (
    <form action={action}>
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
  const [moveState, move] = useActionState(moveRoomAction, null);
  const [archiveState, archive] = useActionState(archiveRoomAction, null);
  const [editState, edit] = useActionState(updateRoomAction, null);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {!isFirst ? (
          <SmallAction action={move} eventId={eventId} roomId={room.id} label="Move up" srLabel={room.name} extra={{ direction: "up" }} />
        ) : null}
        {!isLast ? (
          <SmallAction action={move} eventId={eventId} roomId={room.id} label="Move down" srLabel={room.name} extra={{ direction: "down" }} />
        ) : null}
        <SmallAction action={archive} eventId={eventId} roomId={room.id} label="Archive" srLabel={room.name} />
      </div>
      <FormMessage state={moveState} />
      <FormMessage state={archiveState} />
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">
          Edit<span className="sr-only"> {room.name}</span>
        </summary>
        <form action={edit} className="mt-2 grid gap-3 sm:grid-cols-4" noValidate>
          <input type="hidden" name="eventId" value={eventId} />
          <input type="hidden" name="roomId" value={room.id} />
          <div className="sm:col-span-4">
            <FormMessage state={editState} />
          </div>
          <Field label="Room name" name="name" defaultValue={room.name} state={editState} id={`room-name-${room.id}`} />
          <SelectField
            id={`room-kind-${room.id}`}
            label="Kind"
            name="kind"
            state={editState}
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
            state={editState}
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
