import { getRoom } from "@greenroom/domain/rooms";
import { getStageTimeline } from "@greenroom/domain/stage";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { organizerContext } from "@/server/session";
import { orNotFound } from "@/server/transport";

export const metadata: Metadata = { title: "Room" };

export default async function RoomPage({ params }: { params: Promise<{ eventId: string; roomId: string }> }) {
  const { eventId, roomId } = await params;
  const { ctx } = await organizerContext();
  const { room, event, access } = await orNotFound(() => getRoom({ ctx, input: { roomId } }));
  if (event.id !== eventId) notFound();
  const stage = access.permissions.has("stage.view") ? await orNotFound(() => getStageTimeline({ ctx, input: { roomId } })) : null;

  return (
    <section className="space-y-6">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">{room.name}</h1>
        <p className="text-sm text-slate-600 first-letter:uppercase">
          {room.kind} room{room.capacity ? ` · up to ${room.capacity} people` : ""}
        </p>
      </div>
      <p className="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        You are in {room.name}. The live video appears here when the host starts the stage.
      </p>
      {stage ? (
        <section aria-labelledby="live-stage" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="live-stage" className="text-lg font-semibold">
            On stage now
          </h2>
          {stage.onStage.length === 0 ? (
            <p className="text-slate-600">Nobody is on stage yet.</p>
          ) : (
            <ul aria-label="On stage" className="list-inside list-disc">
              {stage.onStage.map((p) => (
                <li key={p.participantId}>{p.participantName}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {access.permissions.has("stage.manage") ? (
        <Link
          href={`/events/${event.id}/rooms/${room.id}/stage`}
          className="inline-block rounded-md bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800"
        >
          Run the stage
        </Link>
      ) : null}
    </section>
  );
}
