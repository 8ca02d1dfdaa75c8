import { WorkerEntrypoint } from "cloudflare:workers";
import { listClips, myClips, type StageApi, recordStageEvent, routed, stageTimeline } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";

/**
 * The RPC surface the webapp reaches over its service binding. Each method is a thin adapter:
 * it opens the sessions database for this request and hands over to the stage package.
 */
export class StageRpc extends WorkerEntrypoint<WorkersEnv> implements StageApi {
  private get shards() {
    return configOf(this.env).shards;
  }

  recordStageEvent(input: unknown) {
    return routed(this.shards, input, recordStageEvent);
  }

  stageTimeline(input: unknown) {
    return routed(this.shards, input, stageTimeline);
  }

  // ── Clips ──────────────────────────────────────────────────────────────────────────────────────────────────────

  listClips(input: unknown) {
    return routed(this.shards, input, listClips);
  }

  myClips(input: unknown) {
    return routed(this.shards, input, myClips);
  }
}

export { LocalMedia } from "./local-media";
export { RoomLive } from "./room-live";
export { DeleteEventWorkflow } from "./workflows/delete-event";
export { DeleteUserWorkflow } from "./workflows/delete-user";
export { StartRecordingWorkflow } from "./workflows/start-recording";
export { StopRecordingWorkflow } from "./workflows/stop-recording";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ ok: true, service: "greenroom-workers" });
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<WorkersEnv>;
