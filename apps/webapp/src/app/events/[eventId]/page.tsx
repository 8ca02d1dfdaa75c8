import { getEvent } from "@greenroom/domain/events";
import type { Metadata } from "next";
import Link from "next/link";
import { organizerContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { StatusBadge, formatEventRange } from "../ui";
import { AddRoomForm, PublishButton } from "./event-forms";

export const metadata: Metadata = { title: "Event" };

export default async function EventPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await organizerContext();
  const { event, rooms } = await orNotFound(() => getEvent({ ctx, input: { eventId } }));
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
        {event.status === "draft" ? <PublishButton eventId={event.id} /> : null}
      </div>

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Rooms</h2>
        {rooms.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
            No rooms yet. Add a stage room below to run a live stage.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {rooms.map((room) => (
              <li key={room.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
                <div>
                  <p className="font-medium">{room.name}</p>
                  <p className="text-sm capitalize text-slate-600">
                    {room.kind}
                    {room.capacity ? ` · up to ${room.capacity}` : ""}
                  </p>
                </div>
                <Link
                  href={`/events/${event.id}/rooms/${room.id}/stage`}
                  className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
                >
                  Open stage
                  <span className="sr-only"> of {room.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <AddRoomForm eventId={event.id} />
      </div>
    </section>
  );
}
