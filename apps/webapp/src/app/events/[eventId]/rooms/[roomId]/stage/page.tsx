import { roomPage } from "@greenroom/domain/pages";
import { isGuestParticipant, liveStageOf } from "@greenroom/stage/live";
import { createId } from "@paralleldrive/cuid2";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GuestBadge, LiveStageView } from "@/components/live-stage";
import { liveRoomToken } from "@/server/live-room";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { RecordingPanel } from "./recording-panel";
import { AddGuestForm, PutPersonOnStageForm, TakeOffStageButton } from "./stage-forms";

export const metadata: Metadata = { title: "Stage" };

export default async function StagePage({ params }: { params: Promise<{ eventId: string; roomId: string }> }) {
  const { eventId, roomId } = await params;
  const { ctx } = await signedInContext();
  // Before the authorization read: the live token's issue time (see liveRoomToken).
  const issuedAt = ctx.now();
  // Session check, then one batch (authorization, room, event, shard, who may go on stage, the recording's
  // operation), then one RPC call for the timeline.
  const { room, event, access, timeline, candidates, recording } = await orNotFound(() =>
    roomPage({ ctx, input: { roomId, permission: "stage.view" } }),
  );
  const canManage = access.permissions.has("stage.manage");
  if (event.id !== eventId) notFound();
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, timeStyle: "medium" });
  // stage.view is checked: the viewer may watch the room's live stage; other hosts' changes re-render this page.
  const live = await liveRoomToken(room.id, issuedAt);

  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">{room.name} · stage</h1>
      </div>
      <LiveStageView
        roomId={room.id}
        token={live.token}
        tokenExpiresAtMs={live.expiresAtMs}
        pagePath={`/events/${event.id}/rooms/${room.id}/stage`}
        initial={liveStageOf(room.id, 0, timeline)}
        mode="refresh"
      />

      {recording ? <RecordingPanel eventId={event.id} roomId={room.id} panel={recording} /> : null}

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="on-stage-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="on-stage-heading" className="text-lg font-semibold">
            On stage now
          </h2>
          {timeline.onStage.length === 0 ? (
            <p className="text-slate-600">
              {canManage ? "Nobody is on stage. Pick a person or add a guest to begin." : "Nobody is on stage yet."}
            </p>
          ) : (
            <ul aria-label="On stage" className="divide-y divide-slate-100">
              {timeline.onStage.map((p) => (
                <li key={p.participantId} className="flex items-center justify-between gap-2 py-2">
                  <span className="flex items-center gap-2">
                    <span className="font-medium">{p.participantName}</span>
                    {isGuestParticipant(p.participantId, p.userId) ? <GuestBadge /> : null}
                  </span>
                  {canManage ? (
                    <TakeOffStageButton
                      eventId={event.id}
                      roomId={room.id}
                      participantId={p.participantId}
                      participantName={p.participantName}
                      requestId={createId()}
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {canManage ? (
            <>
              <PutPersonOnStageForm eventId={event.id} roomId={room.id} requestId={createId()} candidates={candidates} />
              <AddGuestForm eventId={event.id} roomId={room.id} requestId={createId()} />
            </>
          ) : null}
        </section>

        <section aria-labelledby="timeline-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="timeline-heading" className="text-lg font-semibold">
            Stage timeline
          </h2>
          {timeline.entries.length === 0 ? (
            <p className="text-slate-600">No stage changes yet. They appear here as they happen.</p>
          ) : (
            <ol aria-label="Stage timeline" className="space-y-1 text-sm">
              {timeline.entries.map((entry) => (
                <li key={entry.id} className="flex gap-3">
                  <time className="tabular-nums text-slate-500" dateTime={new Date(entry.occurredAtMs).toISOString()}>
                    {time.format(entry.occurredAtMs)}
                  </time>
                  <span>
                    {entry.participantName} {entry.action === "on_stage" ? "went on stage" : "left the stage"}
                    {isGuestParticipant(entry.participantId, entry.userId) ? " (guest)" : ""}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </section>
  );
}
