import { roomRecordingOperation } from "@greenroom/domain/operations";
import { createId } from "@paralleldrive/cuid2";
import { headers } from "next/headers";
import { OperationStatus } from "@/components/operation-status";
import { REQUEST_PATH_HEADER } from "@/server/redirect";
import { signedInContext } from "@/server/session";
import { RecordingButton } from "./recording-forms";

const KIND_TEXT = { start_recording: "Starting the recording", stop_recording: "Stopping the recording" } as const;

/**
 * The stage page's recording panel: hosts (stage.manage) start and stop recording; everyone with stage.view sees the
 * latest start or stop and its progress (the one in `?operation=` when it is this room's). While it runs, the page
 * refreshes itself without JavaScript, and polls the operation with it.
 */
export async function RecordingPanel({ eventId, roomId }: { eventId: string; roomId: string }) {
  const { ctx } = await signedInContext();
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? "";
  const operationId = new URL(path, "http://local").searchParams.get("operation") ?? undefined;
  const { operation, canManage, recording } = await roomRecordingOperation({ ctx, input: { roomId, operationId } });
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
