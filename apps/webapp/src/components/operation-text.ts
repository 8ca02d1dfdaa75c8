/** What an operation is doing, in words, from its state and current step (the Workflows' step names). */
const STEP_TEXT: Record<string, string> = {
  queued: "Waiting to start…",
  "load operation": "Starting…",
  "check grant": "Checking your permission…",
  "create session": "Creating the recording session…",
  "create live stream": "Starting the live stream…",
  "start egress": "Starting the recording…",
  "mark stopping": "Stopping…",
  "stop egress": "Stopping the recording…",
  "generate clips": "Generating clips…",
  "mark stopped": "Finishing…",
  "mark event deleting": "Marking the event as deleting…",
  "stop live recordings": "Stopping any recording that is still live…",
  "delete shard rows": "Deleting recordings, stage events and clips…",
  "delete event": "Deleting the event…",
  "mark user deleting": "Ending the user's sessions…",
  "delete user": "Deleting the user…",
  complete: "Finishing…",
};

export type OperationProgress = { state: string; step: string; lastError: string | null; done: boolean };

export function operationText(op: OperationProgress): string {
  switch (op.state) {
    case "completed":
      return "Done.";
    case "compensated":
      return `Did not go through, and everything was put back${op.lastError ? `: ${op.lastError}` : "."}`;
    case "failed":
      return `Failed${op.lastError ? `: ${op.lastError}` : ""}. A platform admin has been shown it.`;
    case "compensating":
      return "Something failed; putting things back…";
  }
  if (op.step.startsWith("rendering clips")) return `Rendering clips: ${op.step.replace(/^rendering clips \((.*)\)$/, "$1")}…`;
  if (op.step.startsWith("delete shard rows")) return "Deleting recordings, stage events and clips…";
  return STEP_TEXT[op.step] ?? "Working…";
}
