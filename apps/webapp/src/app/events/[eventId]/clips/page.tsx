import { listEventClips } from "@greenroom/domain/clips";
import type { Metadata } from "next";
import Link from "next/link";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { ClipPlayer } from "./clip-player";
import { ClipProgress } from "./clip-progress";

export const metadata: Metadata = { title: "Clips" };

/** Every clip of the event for its organizers, by room and recording: session check, one batch, one RPC. */
export default async function EventClipsPage({ params }: { params: Promise<{ eventId: string }> }) {
  const { eventId } = await params;
  const { ctx } = await signedInContext();
  const { event, rooms, progress, truncated } = await orNotFound(() => listEventClips({ ctx, input: { eventId } }));
  const started = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, dateStyle: "medium", timeStyle: "short" });

  return (
    <section className="min-w-0 space-y-6">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">Clips</h1>
        <p className="text-sm text-slate-600">One clip per participant for each time they were on stage while recording.</p>
      </div>
      <ClipProgress progress={progress} label="All clips" />
      {truncated ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          This event has more clips than one page shows; the oldest are listed.
        </p>
      ) : null}
      {rooms.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
          <h2 className="text-lg font-semibold">No clips yet</h2>
          <p className="mt-1 text-slate-600">
            Clips appear here after a recording stops. Start recording on a room&apos;s stage, put participants on stage,
            then stop the recording.
          </p>
          <Link href={`/events/${event.id}`} className="mt-3 inline-block text-sm font-medium text-brand-700 underline">
            Go to the rooms
          </Link>
        </div>
      ) : (
        rooms.map((room) => (
          <section key={room.roomId} aria-labelledby={`room-${room.roomId}`} className="space-y-3">
            <h2 id={`room-${room.roomId}`} className="text-lg font-semibold">
              {room.roomName}
            </h2>
            {room.sessions.map((session) => (
              <section
                key={session.sessionId}
                aria-label={`Recording of ${room.roomName}`}
                className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
              >
                <h3 className="font-medium">
                  Recording started {session.startedAtMs === null ? "(never began)" : started.format(session.startedAtMs)}
                </h3>
                <ClipProgress progress={session.progress} label="Clips of this recording" />
                <ul aria-label={`Clips of ${room.roomName}`} className="divide-y divide-slate-200">
                  {session.clips.map((clip) => (
                    <li key={clip.id} className="space-y-1 py-3">
                      <p className="font-medium">
                        {clip.participantName}
                        {clip.guest ? (
                          <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">guest</span>
                        ) : null}
                      </p>
                      <ClipPlayer clip={clip} title={`Clip of ${clip.participantName}`} />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
        ))
      )}
    </section>
  );
}
