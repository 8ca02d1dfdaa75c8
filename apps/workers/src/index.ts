import { WorkerEntrypoint } from "cloudflare:workers";
import {
  appendCredit,
  creditLedger,
  listClips,
  myClips,
  type OperationInstanceInput,
  OperationInstanceInput as OperationInstanceSchema,
  openShards,
  type ReconcileInput,
  invalidResult as invalid,
  recordStageEvent,
  routed,
  sessionLogs,
  shardStats,
  type StageApi,
  type StageResult,
  type StartOperationInput,
  StartOperationInput as StartOperationSchema,
  stageTimeline,
  webhookDeliveries,
} from "@greenroom/stage";
import { configOf, type WorkersEnv } from "./env";
import { createInstance, instanceStatus, reconcile } from "./flows/reconcile";
import { endLiveAccess, forwardToRoom, publishStage } from "./live";
import { signedClips, signedTimeline } from "./playback";
import { dispatchWebhooks, pruneWebhookHistory, redeliverWebhook } from "./webhooks-out";

/**
 * The RPC surface the webapp reaches over its service binding. Each method is a thin adapter:
 * it opens the sessions database for this request and hands over to the stage package.
 */
export class StageRpc extends WorkerEntrypoint<WorkersEnv> implements StageApi {
  private get shards() {
    return configOf(this.env).shards;
  }

  async recordStageEvent(input: unknown) {
    const result = await routed(this.shards, input, recordStageEvent);
    if (result.ok) {
      // The change is recorded whatever happens next; a failed publish only delays viewers until the next one.
      const { shard, accountId, roomId } = input as { shard: string; accountId: string; roomId: string };
      await publishStage(this.env, { shard, accountId, roomId }).catch((error: unknown) =>
        console.error("publishStage failed:", error instanceof Error ? error.name : "unknown error"),
      );
    }
    return result;
  }

  /** The room's timeline for a page that has authorized its viewer: the recording's playback URL comes signed. */
  async stageTimeline(input: unknown) {
    return signedTimeline(this.env, await routed(this.shards, input, stageTimeline));
  }

  /** The shard ids this deploy has bindings for: what an admin may register in the webapp's shard registry. */
  async shardIds() {
    return [...this.shards.keys()];
  }

  shardStats() {
    return shardStats(openShards(this.shards));
  }

  sessionLogs(input: unknown) {
    return routed(this.shards, input, sessionLogs);
  }

  /** WebSocket upgrades for `/live/rooms/<roomId>`, forwarded by the webapp's entry once it has checked the token. */
  override async fetch(request: Request): Promise<Response> {
    return (await forwardToRoom(this.env, request)) ?? new Response("Not found", { status: 404 });
  }

  /** Closes a user's room sockets and refuses their older tokens: a grant revoked, a ticket refunded, signed out. */
  endLiveAccess(input: unknown) {
    return endLiveAccess(this.env, input);
  }

  // ── Clips ──────────────────────────────────────────────────────────────────────────────────────────────────────

  async listClips(input: unknown) {
    return signedClips(this.env, await routed(this.shards, input, listClips));
  }

  async myClips(input: unknown) {
    return signedClips(this.env, await routed(this.shards, input, myClips));
  }

  // ── Outgoing webhooks ──────────────────────────────────────────────────────────────────────────────────────────

  /** A subscription's delivery log, newest first (the webapp's page has authorized the viewer). */
  webhookDeliveries(input: unknown) {
    return routed(this.shards, input, webhookDeliveries);
  }

  /** Starts delivery Workflows for pending outbox events now (after a test send), instead of at the next cron. */
  async dispatchWebhooks() {
    return { ok: true as const, value: await dispatchWebhooks(this.env) };
  }

  /** Sends a logged delivery again: the same message (same webhook-id) to the same subscription, as a new instance. */
  redeliverWebhook(input: unknown) {
    return redeliverWebhook(this.env, input);
  }

  // ── Recording credits ──────────────────────────────────────────────────────────────────────────────────────────

  /** One ledger entry on the account's shard, once per source key; a debit the balance cannot cover writes nothing. */
  appendCredit(input: unknown) {
    return routed(this.shards, input, appendCredit);
  }

  /** The account's balance and latest entries (the webapp's page has authorized the viewer). */
  creditLedger(input: unknown) {
    return routed(this.shards, input, creditLedger);
  }

  // ─── Cross-database flows ───────────────────────────────────────────────────────────────────────────────────────
  // The webapp has inserted the operation row; these start its Workflow, report on it, and run the reconciler.

  /** Creates the operation's Workflow instance (id = operation id); an instance that exists already is not an error. */
  async startOperation(input: StartOperationInput): Promise<StageResult<{ instanceId: string; created: boolean }>> {
    const parsed = StartOperationSchema.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    const { operationId, kind, mode } = parsed.data;
    const instanceId = parsed.data.instanceId ?? operationId;
    const created = await createInstance(this.env, kind, instanceId, { operationId, mode });
    return { ok: true, value: { instanceId, created } };
  }

  async operationInstanceStatus(input: OperationInstanceInput) {
    const parsed = OperationInstanceSchema.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    return { ok: true as const, value: await instanceStatus(this.env, parsed.data.kind, parsed.data.instanceId) };
  }

  /** The reconciler's pass (as the Cron Trigger runs it), or one operation taken over now (an admin's button). */
  reconcile(input: ReconcileInput) {
    return reconcile(this.env, input ?? {});
  }
}


export { LocalMedia } from "./local-media";
export { RoomLive } from "./room-live";
export { UserLive } from "./user-live";
export { DeleteEventWorkflow } from "./workflows/delete-event";
export { DeleteUserWorkflow } from "./workflows/delete-user";
export { GrantCreditWorkflow } from "./workflows/grant-credit";
export { StartRecordingWorkflow } from "./workflows/start-recording";
export { StopRecordingWorkflow } from "./workflows/stop-recording";
export { WebhookDeliveryWorkflow } from "./workflows/webhook-delivery";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") return Response.json({ ok: true, service: "greenroom-workers" });
    return new Response("Not found", { status: 404 });
  },
  // The reconciler (Cron Trigger): resumes or compensates operations stuck past their deadline, registers shards;
  // the outgoing webhooks' dispatcher (pending outbox events to their delivery Workflows), and their history's pruning.
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      dispatchWebhooks(env).catch((error: unknown) =>
        console.error("[webhooks-out] dispatch failed:", error instanceof Error ? error.name : "unknown error"),
      ),
    );
    ctx.waitUntil(
      pruneWebhookHistory(env).catch((error: unknown) =>
        console.error("[webhooks-out] pruning failed:", error instanceof Error ? error.name : "unknown error"),
      ),
    );
    ctx.waitUntil(
      reconcile(env, {}).then((result) => {
        if (!result.ok) console.error("[reconcile]", result.code, result.message);
        else if (result.value.outcomes.length > 0) console.log("[reconcile]", JSON.stringify(result.value.outcomes));
      }),
    );
  },
} satisfies ExportedHandler<WorkersEnv>;
