import { clipProgress, type MyClip } from "@greenroom/domain/clips";
import { type MyEvent, myEventsPage } from "@greenroom/domain/ticket-pages";
import Link from "next/link";
import { LocalTimeRange } from "@/components/local-time";
import { QrCode } from "@/components/qr-code";
import { publicBaseUrl } from "@/server/origin";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { ClipPlayer } from "./[eventId]/clips/clip-player";
import { ClipProgress } from "./[eventId]/clips/clip-progress";

const linkButton = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50";

/** A calendar file as a data: URL, so "Add to calendar" needs no route handler of its own (see docs/architecture.md). */
const icsHref = (ics: string) => `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;

function EventCard({ item }: { item: MyEvent }) {
  const { event, rooms, tickets } = item;
  return (
    <li className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">
          <Link href={`/events/${event.id}`} className="underline-offset-2 hover:underline">
            {event.name}
          </Link>
        </h2>
        <p className="text-sm text-slate-600">
          {item.accountName} ·{" "}
          <LocalTimeRange start={event.startsAt.toISOString()} end={event.endsAt.toISOString()} eventZone={event.timeZone} />
        </p>
      </div>
      {rooms.length > 0 ? (
        <ul aria-label={`Your rooms in ${event.name}`} className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {rooms.map((room) => (
            <li key={room.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
              <span>
                <span className="font-medium">{room.name}</span>{" "}
                <span className="text-sm text-slate-600">· {room.roles.join(", ")}</span>
              </span>
              <Link href={`/events/${event.id}/rooms/${room.id}`} className={linkButton}>
                Enter<span className="sr-only"> {room.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No rooms are open to you in this event yet.</p>
      )}
      {tickets.map((ticket) => (
        <section
          key={ticket.id}
          aria-label={`${ticket.typeName} ticket`}
          className="flex flex-wrap items-start gap-4 rounded-md border border-slate-200 p-3"
        >
          <QrCode text={ticket.code} label={`QR code of your ${ticket.typeName} ticket`} />
          <div className="min-w-0 space-y-2">
            <p className="font-semibold">{ticket.typeName} ticket</p>
            <p className="text-sm text-slate-600">Show the QR code at the door, or read out your short code:</p>
            {ticket.shortCode ? (
              <p className="font-mono text-xl font-semibold tracking-wider" data-testid="ticket-short-code">
                {ticket.shortCode}
              </p>
            ) : null}
            <p className="text-sm text-slate-600">The full ticket code:</p>
            <p className="break-all font-mono text-sm" data-testid="ticket-code">
              {ticket.printedCode}
            </p>
            {ticket.checkedInAt ? <p className="text-sm text-emerald-800">Checked in.</p> : null}
            <a href={icsHref(ticket.ics)} download={`${event.slug}.ics`} className={`inline-block ${linkButton}`}>
              Add to calendar
            </a>
          </div>
        </section>
      ))}
    </li>
  );
}

/** "My clips": the actor's own clips, newest recording first, each with its event and room. */
function MyClips({ clips }: { clips: MyClip[] }) {
  return (
    <section aria-labelledby="my-clips-heading" className="space-y-3">
      <h2 id="my-clips-heading" className="text-lg font-semibold">
        My clips
      </h2>
      {clips.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          No clips of you yet. When you go on stage in a recorded room, your clips appear here after the recording stops.
        </p>
      ) : (
        <>
          <ClipProgress progress={clipProgress(clips)} label="Your clips" />
          <ul aria-label="My clips" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {clips.map((clip) => (
              <li key={clip.id} className="space-y-1 p-4">
                <p className="font-medium">
                  {clip.eventName} · {clip.roomName}
                </p>
                <ClipPlayer clip={clip} title={`Your clip in ${clip.roomName}`} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * "My events" (/my): served by the /events page module (the middleware rewrites /my to /events?view=my), because
 * every page module of its own adds about 18 KiB gzip of Next's per-page server code to the Worker.
 */
export async function MyEventsView() {
  const { ctx } = await signedInContext();
  // Session check, then one batch: the actor's tickets, rooms with roles, events and open invitations.
  const data = await orNotFound(async () => myEventsPage({ ctx, input: { baseUrl: await publicBaseUrl() } }));
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">My events</h1>
          <p className="text-sm text-slate-600">
            Events your tickets and invitations open, with your rooms, tickets and{" "}
            <a href="#my-clips-heading" className="underline">
              clips
            </a>
            .
          </p>
        </div>
        <Link href={data.ownsEvents ? "/events" : "/events/new"} className={linkButton}>
          {data.ownsEvents ? "Events you organize" : "Organize your own event"}
        </Link>
      </div>
      {!data.verified ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          Confirm your email address to see your tickets: follow the link we mailed you, or send it again from the banner
          above.
        </p>
      ) : null}
      {data.invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading" className="space-y-2">
          <h2 id="invitations-heading" className="text-lg font-semibold">
            Invitations waiting for you
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {data.invitations.map((i) => (
              <li key={i.id} className="p-3 text-sm">
                <span className="font-medium">{i.eventName}</span> as {i.roleName}: open the link in the invitation mail
                to accept.
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.events.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">No tickets or invitations yet</h2>
          <p className="mt-1 text-slate-600">
            Register for an event on its public page, or open the invitation an organizer mailed you. Your events show
            up here.
          </p>
        </div>
      ) : (
        <ul aria-label="My events" className="space-y-4">
          {data.events.map((item) => (
            <EventCard key={item.event.id} item={item} />
          ))}
        </ul>
      )}
      <MyClips clips={data.clips} />
    </section>
  );
}
