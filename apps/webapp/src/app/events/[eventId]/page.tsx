import { eventPage } from "@greenroom/domain/pages";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { StatusBadge, formatEventRange } from "../ui";
import { AddRoomForm, ArchiveEventButton, PublishButton, RoomControls } from "./event-forms";

export const metadata: Metadata = { title: "Event" };

const linkButton =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";

export default async function EventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await signedInContext();
  const { event, rooms, access } = await orNotFound(() => eventPage({ ctx, input: { eventId } }));
  const may = (p: Parameters<typeof access.permissions.has>[0]) => access.permissions.has(p);
  const canEdit = may("event.update");

  return (
    <section className="space-y-8">
      <div className="space-y-2">
        <Link href="/events" className="text-sm text-slate-600 underline">
          ← All events
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{event.name}</h1>
          <StatusBadge status={event.status} />
        </div>
        <p className="text-slate-600">{formatEventRange(event)}</p>
        {event.description ? <p className="max-w-prose whitespace-pre-line">{event.description}</p> : null}
        {event.status === "active" ? (
          <p className="text-sm text-slate-600">
            Public page:{" "}
            <Link href={`/e/${event.slug}`} className="font-medium text-brand-700 underline">
              /e/{event.slug}
            </Link>
          </p>
        ) : null}
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
          {may("participants.view") ? (
            <Link href={`/events/${event.id}/participants`} className={linkButton}>
              Participants
            </Link>
          ) : null}
        </nav>
        {may("event.publish") ? (
          <div className="flex flex-wrap gap-3 pt-2">
            {event.status === "draft" ? <PublishButton eventId={event.id} /> : null}
            {event.status !== "archived" ? <ArchiveEventButton eventId={event.id} /> : null}
          </div>
        ) : null}
      </div>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">{canEdit ? "Rooms" : "Your rooms"}</h2>
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
                    {may("stage.manage") ? (
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
      </div>
    </section>
  );
}
