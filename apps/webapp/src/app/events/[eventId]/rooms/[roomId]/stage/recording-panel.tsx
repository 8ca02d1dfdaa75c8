import type { RoomRecordingPanel } from "@greenroom/domain/operations";
import { createId } from "@paralleldrive/cuid2";
import { OperationStatus } from "@/components/operation-status";
import { RecordingButton } from "./recording-forms";

const KIND_TEXT = { start_recording: "Starting the recording", stop_recording: "Stopping the recording" } as const;

/**
 * The stage page's recording panel: hosts (stage.manage) start and stop recording; everyone with stage.view sees the
 * room's latest start or stop (the one just started) and its progress. Its data comes in the page's own batch
 * (`roomPage`: no extra round trip). While it runs, the page refreshes itself without JavaScript, and polls with it.
 */
export function RecordingPanel({ eventId, roomId, panel }: { eventId: string; roomId: string; panel: RoomRecordingPanel }) {
  const { operation, canManage, recording } = panel;
  const running = operation !== null && !operation.done;
  return (
    <section aria-labelledby="recording-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
      ) : null}
      <h2 id="recording-heading" className="text-lg font-semibold">
        Recording
      </h2>
      <p className="text-slate-700">
        {recording ? "This room is being recorded." : "This room is not being recorded."}
        {canManage && !recording && !running ? " Start recording when the session begins." : null}
      </p>
      {operation ? (
        <div className="space-y-1 rounded-md bg-slate-50 p-3 text-sm">
          <p className="font-medium">{operation.kind === "start_recording" || operation.kind === "stop_recording" ? KIND_TEXT[operation.kind] : null}</p>
          <OperationStatus
            key={`${operation.id}:${operation.state}`}
            operationId={operation.id}
            initial={{ state: operation.state, step: operation.step, lastError: operation.lastError, done: operation.done }}
          />
        </div>
      ) : null}
      {canManage && !running ? <RecordingButton eventId={eventId} roomId={roomId} requestId={createId()} recording={recording} /> : null}
    </section>
  );
}
