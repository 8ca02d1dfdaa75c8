import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { WorkersEnv } from "../env";

export class StartRecordingWorkflow extends WorkflowEntrypoint<WorkersEnv, { operationId: string }> {
  override async run(_event: WorkflowEvent<{ operationId: string }>, _step: WorkflowStep): Promise<void> {}
}
