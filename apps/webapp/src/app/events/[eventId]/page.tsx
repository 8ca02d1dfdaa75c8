import type { EventSetup } from "@greenroom/domain/pages";
import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { publicBaseUrl } from "@/server/origin";
import { eventNotice } from "../notices";
import { StatusBadge, formatEventRange } from "../ui";
import {
  AddRoomForm,
  ArchiveEventButton,
  PublishButton,
  RestoreRoomButton,
  RoomControls,
  UnarchiveButton,
  UnpublishButton,
} from "./event-forms";
import { eventTitle, loadEventPage } from "./load";

export const generateMetadata = eventTitle();

const linkButton =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";

export default async function EventPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId } = await params;
  const { event, rooms, archivedRooms, access, setup } = await loadEventPage(eventId);
  const publicUrl = new URL(`/e/${event.slug}`, await publicBaseUrl()).toString();
  const notice = eventNotice((await searchParams).notice);
  const may = (p: Parameters<typeof access.permissions.has>[0]) => access.permissions.has(p);
  const archived = event.status === "archived";
  // An archived event is read-only: the verbs refuse changes, so the page offers none.
  const canEdit = may("event.update") && !archived;

  return (
    <section className="space-y-8">
      <div className="space-y-2">
        <Link href="/events" className="text-sm text-slate-600 underline">
          ← All events
        </Link>
        {notice ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {notice}
          </p>
        ) : null}
        {archived ? (
          <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">
            This event is archived and read-only.
            {may("event.publish") ? " Unarchive it to make changes." : ""}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{event.name}</h1>
          <StatusBadge status={event.status} />
        </div>
        <p className="text-slate-600">{formatEventRange(event)}</p>
        {event.description ? <p className="max-w-prose whitespace-pre-line">{event.description}</p> : null}
        {event.status === "active" ? (
          <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>Public page:</span>
            <Link href={`/e/${event.slug}`} className="break-all font-mono font-medium text-brand-700 underline" data-testid="public-url">
              {publicUrl}
            </Link>
            <CopyButton text={publicUrl} label="Copy link" />
          </div>
        ) : null}
        {setup && !archived ? <SetupChecklist eventId={event.id} rooms={rooms.length} setup={setup} published={event.status === "active"} /> : null}
        <nav aria-label="Event tools" className="flex flex-wrap gap-2 pt-2">
          {canEdit ? (
            <Link href={`/events/${event.id}/edit`} className={linkButton}>
              Edit event
            </Link>
          ) : null}
          {may("access.manage") ? (
            <Link href={`/events/${event.id}/access`} className={linkButton}>
              People &amp; access
            </Link>
          ) : null}
          {may("orders.manage") ? (
            <Link href={`/events/${event.id}/tickets`} className={linkButton}>
              Tickets
            </Link>
          ) : null}
          {may("tickets.check_in") && !archived ? (
            <Link href={`/events/${event.id}/check-in`} className={linkButton}>
              Check-in
            </Link>
          ) : null}
          {may("participants.view") ? (
            <Link href={`/events/${event.id}/participants`} className={linkButton}>
              Participants
            </Link>
          ) : null}
          {may("orders.manage") ? (
            <Link href={`/events/${event.id}/orders`} className={linkButton}>
              Orders
            </Link>
          ) : null}
          {may("event.update") ? (
            <Link href={`/events/${event.id}/clips`} className={linkButton}>
              Clips
            </Link>
          ) : null}
        </nav>
        {may("event.publish") ? (
          <div className="flex flex-wrap items-start gap-3 pt-2">
            {event.status === "draft" ? <PublishButton eventId={event.id} /> : null}
            {event.status === "active" ? <UnpublishButton eventId={event.id} /> : null}
            {archived ? <UnarchiveButton eventId={event.id} /> : <ArchiveEventButton eventId={event.id} />}
          </div>
        ) : null}
      </div>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">{may("event.update") ? "Rooms" : "Your rooms"}</h2>
        {rooms.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            {canEdit ? "No rooms yet. Add a stage room below to run a live stage." : "No rooms are open to you yet."}
          </p>
        ) : (
          <ul aria-label="Rooms" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {rooms.map((room, index) => (
              <li key={room.id} className="space-y-2 p-4">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div>
                    <p className="font-medium">{room.name}</p>
                    <p className="text-sm text-slate-600 first-letter:uppercase">
                      {room.kind}
                      {room.capacity ? ` · up to ${room.capacity}` : ""}
                    </p>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Link href={`/events/${event.id}/rooms/${room.id}`} className={linkButton}>
                      Enter
                      <span className="sr-only"> {room.name}</span>
                    </Link>
                    {may("stage.manage") && !archived ? (
                      <Link href={`/events/${event.id}/rooms/${room.id}/stage`} className={linkButton}>
                        Open stage
                        <span className="sr-only"> of {room.name}</span>
                      </Link>
                    ) : null}
                  </div>
                </div>
                {canEdit ? (
                  <RoomControls
                    eventId={event.id}
                    room={{ id: room.id, name: room.name, kind: room.kind, capacity: room.capacity }}
                    isFirst={index === 0}
                    isLast={index === rooms.length - 1}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canEdit ? <AddRoomForm eventId={event.id} /> : null}
        {canEdit && archivedRooms.length > 0 ? (
          <details className="rounded-lg border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer font-semibold">Archived rooms ({archivedRooms.length})</summary>
            <ul aria-label="Archived rooms" className="mt-3 divide-y divide-slate-200">
              {archivedRooms.map((room) => (
                <li key={room.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <span className="font-medium">{room.name}</span>{" "}
                    <span className="text-sm text-slate-600">· {room.kind}</span>
                  </span>
                  <RestoreRoomButton eventId={event.id} room={{ id: room.id, name: room.name }} />
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </section>
  );
}

/** The organizer's short setup list: a room, a way in (a ticket type or invitations), published. */
function SetupChecklist({ eventId, rooms, setup, published }: { eventId: string; rooms: number; setup: EventSetup; published: boolean }) {
  const steps = [
    { done: rooms > 0, text: "Add a room", href: null },
    {
      done: setup.ticketTypes > 0 || setup.invitations > 0,
      text: "Let people in: add a ticket type or invite people",
      href: setup.ticketTypes > 0 || setup.invitations > 0 ? null : `/events/${eventId}/tickets`,
    },
    { done: published, text: "Publish the event", href: null },
  ];
  if (steps.every((s) => s.done)) return null;
  return (
    <section aria-labelledby="setup-heading" className="max-w-prose space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="setup-heading" className="font-semibold">
        Setup checklist
      </h2>
      <ul aria-label="Setup checklist" className="space-y-1 text-sm">
        {steps.map((step) => (
          <li key={step.text} className={step.done ? "text-emerald-800" : "text-slate-800"}>
            <span aria-hidden="true">{step.done ? "✓ " : "○ "}</span>
            <span className="sr-only">{step.done ? "Done: " : "To do: "}</span>
            {step.href ? (
              <Link href={step.href} className="font-medium text-brand-700 underline">
                {step.text}
              </Link>
            ) : (
              step.text
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
