import { dateToZonedWallTime } from "@greenroom/domain/events";
import { ticketsPage } from "@greenroom/domain/ticket-pages";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { ArchiveTicketTypeButton, CreateTicketTypeForm, EditTicketTypeForm } from "./ticket-type-forms";

export const metadata: Metadata = { title: "Tickets" };

export default async function TicketsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await signedInContext();
  // Session check, then one batch: authorization, the event, its rooms, ticket types and their rooms.
  const { event, rooms, ticketTypes } = await orNotFound(() => ticketsPage({ ctx, input: { eventId } }));
  const archived = event.status === "archived";
  const zone = event.timeZone;
  const roomName = new Map(rooms.map((r) => [r.id, r.name]));
  const when = (date: Date | null) =>
    date ? new Intl.DateTimeFormat("en-GB", { timeZone: zone, dateStyle: "medium", timeStyle: "short" }).format(date) : null;
  const roomOptions = rooms.map((r) => ({ id: r.id, name: r.name }));

  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">Tickets</h1>
        <p className="text-slate-600">
          Ticket types decide which rooms a ticket opens. Free types can be registered for on the public page
          {event.status === "active" ? (
            <>
              {" "}
              (
              <Link href={`/e/${event.slug}`} className="underline">
                /e/{event.slug}
              </Link>
              )
            </>
          ) : (
            " once the event is published"
          )}
          .
        </p>
        {archived ? (
          <p className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm">This event is archived and read-only.</p>
        ) : null}
      </div>

      {ticketTypes.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No ticket types yet. Add a free one below so visitors can register, or a paid one to map your store's products to.
        </p>
      ) : (
        <ul aria-label="Ticket types" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {ticketTypes.map((type) => (
            <li key={type.id} className="space-y-2 p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="space-y-1">
                  <p className="font-semibold">
                    {type.name}{" "}
                    {type.status === "archived" ? (
                      <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold">Archived</span>
                    ) : null}
                  </p>
                  <p className="text-sm text-slate-600">
                    {type.free ? "Free registration" : "Sold elsewhere"}
                    {type.priceLabel ? ` · ${type.priceLabel}` : ""} ·{" "}
                    <span data-testid="issued">
                      {type.issued} issued{type.capacity !== null ? ` of ${type.capacity}` : " (no limit)"}
                    </span>
                  </p>
                  <p className="text-sm text-slate-600">
                    Opens: {type.roomIds.map((id) => roomName.get(id) ?? "an archived room").join(", ") || "no rooms"}
                  </p>
                  {type.salesStartAt || type.salesEndAt ? (
                    <p className="text-sm text-slate-600">
                      Sales {when(type.salesStartAt) ? `from ${when(type.salesStartAt)} ` : ""}
                      {when(type.salesEndAt) ? `until ${when(type.salesEndAt)} ` : ""}({zone})
                    </p>
                  ) : null}
                </div>
                {!archived && type.status === "active" ? (
                  <ArchiveTicketTypeButton eventId={event.id} ticketTypeId={type.id} name={type.name} />
                ) : null}
              </div>
              {!archived && type.status === "active" ? (
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">
                    Edit<span className="sr-only"> {type.name}</span>
                  </summary>
                  <EditTicketTypeForm
                    eventId={event.id}
                    rooms={roomOptions}
                    timeZone={zone}
                    values={{
                      id: type.id,
                      name: type.name,
                      priceLabel: type.priceLabel,
                      free: type.free,
                      capacity: type.capacity === null ? "" : String(type.capacity),
                      salesStartAt: type.salesStartAt ? dateToZonedWallTime(type.salesStartAt, zone) : "",
                      salesEndAt: type.salesEndAt ? dateToZonedWallTime(type.salesEndAt, zone) : "",
                      roomIds: type.roomIds,
                    }}
                  />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {archived ? null : rooms.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          Add a room to the event first: a ticket type opens rooms.
        </p>
      ) : (
        <CreateTicketTypeForm eventId={event.id} rooms={roomOptions} timeZone={zone} />
      )}
    </section>
  );
}
