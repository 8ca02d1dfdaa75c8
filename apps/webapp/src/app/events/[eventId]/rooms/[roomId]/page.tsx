import { roomPage } from "@greenroom/domain/pages";
import { liveStageOf } from "@greenroom/stage/live";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveStageView } from "@/components/live-stage";
import { liveRoomToken } from "@/server/live-room";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";

export const metadata: Metadata = { title: "Room" };

export default async function RoomPage({ params }: { params: Promise<{ eventId: string; roomId: string }> }) {
  const { eventId, roomId } = await params;
  const { ctx } = await signedInContext();
  // Before the authorization read: the live token's issue time (see liveRoomToken).
  const issuedAt = ctx.now();
  // Session check, then one batch (authorization, room, event, shard); the stage timeline is one RPC call.
  const { room, event, access, timeline } = await orNotFound(() => roomPage({ ctx, input: { roomId } }));
  if (event.id !== eventId) notFound();
  // room.enter is checked: the viewer may watch the room's live stage.
  const live = await liveRoomToken(room.id, issuedAt);
  const initial = liveStageOf(room.id, 0, timeline);

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
      <LiveStageView roomId={room.id} token={live.token} tokenExpiresAtMs={live.expiresAtMs}
        pagePath={`/events/${event.id}/rooms/${room.id}`} initial={initial} />
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
