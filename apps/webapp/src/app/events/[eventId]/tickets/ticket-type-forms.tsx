"use client";

import { ConfirmForm, Field, FormMessage, SubmitButton, useFormAction } from "@/components/form";
import type { FormState } from "@/server/transport";
import { archiveTicketTypeAction, createTicketTypeAction, updateTicketTypeAction } from "./actions";

type Room = { id: string; name: string };

/** What a form starts with: a saved type's values, or empty for a new one. */
export type TicketTypeValues = {
  id?: string;
  name: string;
  priceLabel: string;
  free: boolean;
  capacity: string;
  salesStartAt: string;
  salesEndAt: string;
  roomIds: string[];
};

const EMPTY: TicketTypeValues = { name: "", priceLabel: "", free: true, capacity: "", salesStartAt: "", salesEndAt: "", roomIds: [] };

function TicketTypeFields({
  state,
  values,
  rooms,
  timeZone,
  idPrefix,
}: {
  state: FormState;
  values: TicketTypeValues;
  rooms: Room[];
  timeZone: string;
  idPrefix: string;
}) {
  const echoed = state?.values;
  // After an error the form shows what was typed; the echoed checkbox groups arrive comma-joined.
  const chosenRooms = echoed ? (echoed.roomIds ?? "").split(",").filter(Boolean) : values.roomIds;
  const free = echoed ? echoed.free === "on" : values.free;
  const roomError = state?.fieldErrors?.roomIds?.[0];
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={id("name")} label="Name" name="name" required defaultValue={values.name} state={state} />
        <Field
          id={id("priceLabel")}
          label="Price label"
          name="priceLabel"
          defaultValue={values.priceLabel}
          hint="Shown as written, e.g. “Free” or “€25”. Payment happens at your store."
          state={state}
        />
        <Field
          id={id("capacity")}
          label="Capacity"
          name="capacity"
          type="number"
          inputMode="numeric"
          min={1}
          defaultValue={values.capacity}
          hint="Leave empty for no limit."
          state={state}
        />
        <div className="flex items-center gap-2 pt-6">
          <input
            key={String(free)}
            id={id("free")}
            type="checkbox"
            name="free"
            defaultChecked={free}
            className="h-4 w-4"
          />
          <label htmlFor={id("free")} className="text-sm font-medium">
            Free: visitors may register on the public page
          </label>
        </div>
        <Field
          id={id("salesStartAt")}
          label="Sales start"
          name="salesStartAt"
          type="datetime-local"
          defaultValue={values.salesStartAt}
          hint={`Optional, in the event's time zone (${timeZone}).`}
          state={state}
        />
        <Field
          id={id("salesEndAt")}
          label="Sales end"
          name="salesEndAt"
          type="datetime-local"
          defaultValue={values.salesEndAt}
          hint={`Optional, in the event's time zone (${timeZone}).`}
          state={state}
        />
      </div>
      <fieldset className="space-y-1" aria-describedby={roomError ? id("rooms-error") : undefined}>
        <legend className="text-sm font-medium text-slate-800">Rooms this ticket opens</legend>
        <div key={chosenRooms.join(",")} className="flex flex-wrap gap-3">
          {rooms.map((room) => (
            <label key={room.id} className="flex items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
              <input type="checkbox" name="roomIds" value={room.id} defaultChecked={chosenRooms.includes(room.id)} className="h-4 w-4" />
              {room.name}
            </label>
          ))}
        </div>
        {roomError ? (
          <p id={id("rooms-error")} className="text-sm text-red-700">
            {roomError}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

const FIELDS = ["name", "priceLabel", "capacity", "free", "salesStartAt", "salesEndAt", "roomIds"];

export function CreateTicketTypeForm({ eventId, rooms, timeZone }: { eventId: string; rooms: Room[]; timeZone: string }) {
  const { state, action, onSubmit } = useFormAction(createTicketTypeAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-lg font-semibold">Add a ticket type</h2>
      <FormMessage state={state} fields={FIELDS} showSuccess />
      <input type="hidden" name="eventId" value={eventId} />
      <TicketTypeFields
        state={state?.ok ? null : state}
        values={{ ...EMPTY, roomIds: rooms.slice(0, 1).map((r) => r.id) }}
        rooms={rooms}
        timeZone={timeZone}
        idPrefix="new"
      />
      <SubmitButton pendingLabel="Adding…">Add ticket type</SubmitButton>
    </form>
  );
}

export function EditTicketTypeForm({
  eventId,
  values,
  rooms,
  timeZone,
}: {
  eventId: string;
  values: TicketTypeValues & { id: string };
  rooms: Room[];
  timeZone: string;
}) {
  const { state, action, onSubmit } = useFormAction(updateTicketTypeAction);
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4 pt-3" noValidate>
      <FormMessage state={state} fields={FIELDS} showSuccess />
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="ticketTypeId" value={values.id} />
      <TicketTypeFields state={state?.ok ? null : state} values={values} rooms={rooms} timeZone={timeZone} idPrefix={values.id} />
      <SubmitButton pendingLabel="Saving…">Save ticket type</SubmitButton>
    </form>
  );
}

export function ArchiveTicketTypeButton({ eventId, ticketTypeId, name }: { eventId: string; ticketTypeId: string; name: string }) {
  const { state, action, onSubmit } = useFormAction(archiveTicketTypeAction);
  return (
    <div className="space-y-1">
      <ConfirmForm
        compact
        label="Archive"
        srLabel={name}
        confirmLabel={`Yes, archive ${name}`}
        question="Nobody can register for it any more. Tickets already issued stay valid."
        action={action}
        onSubmit={onSubmit}
        hidden={{ eventId, ticketTypeId }}
      />
      <FormMessage state={state} showSuccess />
    </div>
  );
}
