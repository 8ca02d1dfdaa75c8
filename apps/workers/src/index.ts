import { WorkerEntrypoint } from "cloudflare:workers";
import { sessionsDb } from "@greenroom/db/sessions/client";
import { type StageApi, recordStageEvent, stageTimeline } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";

/**
 * The RPC surface the webapp reaches over its service binding. Each method is a thin adapter:
 * it opens the sessions database for this request and hands over to the stage package.
 */
export class StageRpc extends WorkerEntrypoint<WorkersEnv> implements StageApi {
  private db() {
    return sessionsDb(configOf(this.env).bindings.SESSIONS_DB_0000);
  }

  recordStageEvent(input: unknown) {
    return recordStageEvent(this.db(), input);
  }

  stageTimeline(input: unknown) {
    return stageTimeline(this.db(), input);
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ ok: true, service: "greenroom-workers" });
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<WorkersEnv>;
