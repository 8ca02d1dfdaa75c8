import { roomPage } from "@greenroom/domain/pages";
import { createId } from "@paralleldrive/cuid2";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";
import { RecordingPanel } from "./recording-panel";
import { PutOnStageForm, TakeOffStageButton } from "./stage-forms";

export const metadata: Metadata = { title: "Stage" };

export default async function StagePage({ params }: { params: Promise<{ eventId: string; roomId: string }> }) {
  const { eventId, roomId } = await params;
  const { ctx } = await signedInContext();
  // Session check, then one batch (authorization, room, event), then one RPC call for the timeline.
  const { room, event, access, timeline: stage, recording } = await orNotFound(() =>
    roomPage({ ctx, input: { roomId, permission: "stage.view" } }),
  );
  const canManage = access.permissions.has("stage.manage");
  if (event.id !== eventId || !stage) notFound();
  const timeline = stage;
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, timeStyle: "medium" });

  return (
    <section className="space-y-8">
      <div className="space-y-1">
        <Link href={`/events/${event.id}`} className="text-sm text-slate-600 underline">
          ← {event.name}
        </Link>
        <h1 className="text-2xl font-bold">{room.name} · stage</h1>
      </div>
      {recording ? <RecordingPanel eventId={event.id} roomId={room.id} panel={recording} /> : null}

      <div className="grid gap-6 md:grid-cols-2">
        <section aria-labelledby="on-stage-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="on-stage-heading" className="text-lg font-semibold">
            On stage now
          </h2>
          {timeline.onStage.length === 0 ? (
            <p className="text-slate-600">
              {canManage ? "Nobody is on stage. Put a participant on stage to begin." : "Nobody is on stage yet."}
            </p>
          ) : (
            <ul aria-label="On stage" className="divide-y divide-slate-100">
              {timeline.onStage.map((p) => (
                <li key={p.participantId} className="flex items-center justify-between gap-2 py-2">
                  <span className="font-medium">{p.participantName}</span>
                  {canManage ? <TakeOffStageButton
                    eventId={event.id}
                    roomId={room.id}
                    participantId={p.participantId}
                    participantName={p.participantName}
                    requestId={createId()}
                  /> : null}
                </li>
              ))}
            </ul>
          )}
          {canManage ? <PutOnStageForm eventId={event.id} roomId={room.id} requestId={createId()} /> : null}
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
