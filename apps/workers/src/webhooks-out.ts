import { sessionsDb } from "@greenroom/db/sessions/client";
import { webappDb } from "@greenroom/db/webapp/client";
import { keyedId, newId } from "@greenroom/domain/ids";
import { invalidResult, RedeliverWebhookInput, type StageResult, webhookDelivery } from "@greenroom/stage";
import { type DeliveryTarget, markDispatched, pendingDeliveries, webappResource } from "@greenroom/domain/webhooks-out";
import { configOf, type WorkersEnv } from "./env";

/** The delivery Workflow's parameters: one outbox event to one subscription, and the log row's id. */
export type DeliveryParams = DeliveryTarget & { deliveryId: string; shard: string };

/** Outbox events fanned out per dispatch pass (the cron's, or one the webapp asks for after a test send). */
export const DISPATCH_BATCH = 100;

/** A delivery's Workflow instance id: derived from the event and the subscription, so dispatching twice starts one. */
export const deliveryInstanceId = (t: Pick<DeliveryTarget, "accountId" | "messageId" | "subscriptionId">) =>
  keyedId(t.accountId, "webhook-delivery", `${t.messageId}\n${t.subscriptionId}`);

/** Creates a delivery Workflow instance; one that exists already (a second dispatch) is not an error. */
export async function startDeliveryInstance(env: WorkersEnv, params: DeliveryParams): Promise<boolean> {
  try {
    await env.WEBHOOK_DELIVERY.create({ id: params.deliveryId, params });
    return true;
  } catch (error) {
    try {
      await env.WEBHOOK_DELIVERY.get(params.deliveryId);
      return false;
    } catch {
      throw error;
    }
  }
}

/**
 * One dispatch pass: the oldest undispatched outbox events, each fanned out to a delivery Workflow per matching
 * enabled subscription, then marked dispatched. A crash between the two starts nothing twice (instance ids are
 * derived); an event whose Workflows could not all be created stays pending for the next pass.
 */
export async function dispatchWebhooks(env: WorkersEnv, limit = DISPATCH_BATCH): Promise<{ events: number; deliveries: number }> {
  const db = webappDb(env.WEBAPP_DB);
  const targets = await pendingDeliveries(db, limit);
  const shards = [...configOf(env).shards.keys()];
  const done = new Map<string, boolean>();
  let deliveries = 0;
  await Promise.all(
    targets.map(async (target) => {
      if (!done.has(target.messageId)) done.set(target.messageId, true);
      if (!target.subscriptionId) return;
      try {
        const shard = target.shard && shards.includes(target.shard) ? target.shard : (shards[0] ?? "0000");
        const deliveryId = await deliveryInstanceId(target);
        if (await startDeliveryInstance(env, { ...target, shard, deliveryId })) deliveries++;
      } catch (error) {
        done.set(target.messageId, false);
        console.error("[webhooks-out] could not start a delivery:", error instanceof Error ? error.name : "unknown error");
      }
    }),
  );
  const dispatched = [...done].filter(([, ok]) => ok).map(([id]) => id);
  await markDispatched(db, dispatched, Math.floor(Date.now() / 1000));
  return { events: dispatched.length, deliveries };
}

/** How long the delivery log (and the outbox events it can redeliver) is kept. */
export const WEBHOOK_HISTORY_DAYS = 30;
/** Rows each pruning pass deletes at most per database, so one cron run stays short. */
const PRUNE_BATCH = 500;

/**
 * Drops what is older than the delivery log keeps: dispatched outbox events in the webapp D1 and finished delivery
 * rows on every shard (a pending one, whose Workflow may still be retrying, stays). Run by the cron beside the
 * dispatcher; each pass deletes a bounded number of rows per database, the next pass goes on.
 */
export async function pruneWebhookHistory(env: WorkersEnv, now = Date.now()): Promise<{ outbox: number; deliveries: number }> {
  const cutoffMs = now - WEBHOOK_HISTORY_DAYS * 86_400_000;
  const outbox = await env.WEBAPP_DB.prepare(
    `DELETE FROM webhook_outbox WHERE id IN (
       SELECT id FROM webhook_outbox WHERE dispatched_at IS NOT NULL AND dispatched_at < ? LIMIT ?)`,
  )
    .bind(Math.floor(cutoffMs / 1000), PRUNE_BATCH)
    .run();
  let deliveries = 0;
  for (const db of configOf(env).shards.values()) {
    const result = await db
      .prepare(
        `DELETE FROM webhook_out_deliveries WHERE id IN (
           SELECT id FROM webhook_out_deliveries WHERE created_at < ? AND status != 'pending' LIMIT ?)`,
      )
      .bind(cutoffMs, PRUNE_BATCH)
      .run();
    deliveries += result.meta.changes ?? 0;
  }
  return { outbox: outbox.meta.changes ?? 0, deliveries };
}

/** The message body of an event, with its resource read now: `{ type, timestamp, data }`. */
export async function deliveryBody(env: WorkersEnv, p: DeliveryParams): Promise<string> {
  const timestamp = new Date(p.createdAt * 1000).toISOString();
  const data = p.type === "recording.stopped" || p.type === "clip.ready" ? await sessionsResource(env, p) : await webappResource(webappDb(env.WEBAPP_DB), p);
  return JSON.stringify({ type: p.type, timestamp, data: data ?? { id: p.resourceId, deleted: true } });
}

async function sessionsResource(env: WorkersEnv, p: DeliveryParams) {
  const db = configOf(env).shards.get(p.resourceShard ?? p.shard);
  if (!db) return null;
  if (p.type === "recording.stopped") {
    const row = await db
      .prepare("SELECT id, event_id, room_id, status, started_at, ended_at FROM recording_sessions WHERE id = ? AND account_id = ?")
      .bind(p.resourceId, p.accountId)
      .first<{ id: string; event_id: string; room_id: string; status: string; started_at: number | null; ended_at: number | null }>();
    if (!row) return null;
    return {
      id: row.id,
      eventId: row.event_id,
      roomId: row.room_id,
      status: row.status,
      startedAt: row.started_at === null ? null : new Date(row.started_at).toISOString(),
      endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
      url: `/api/v1/events/${row.event_id}/rooms/${row.room_id}/recordings/${row.id}`,
    };
  }
  const clip = await db
    .prepare(
      "SELECT id, event_id, room_id, session_id, participant_name, start_offset_ms, end_offset_ms, status FROM participant_clips WHERE id = ? AND account_id = ?",
    )
    .bind(p.resourceId, p.accountId)
    .first<{ id: string; event_id: string; room_id: string; session_id: string; participant_name: string; start_offset_ms: number; end_offset_ms: number; status: string }>();
  if (!clip) return null;
  return {
    id: clip.id,
    eventId: clip.event_id,
    roomId: clip.room_id,
    sessionId: clip.session_id,
    participantName: clip.participant_name,
    startOffsetMs: clip.start_offset_ms,
    endOffsetMs: clip.end_offset_ms,
    status: clip.status,
    url: `/api/v1/events/${clip.event_id}/clips/${clip.id}`,
  };
}

/**
 * Redelivers a logged delivery (the webapp has checked `webhooks.manage` on the account): a new Workflow instance
 * with a new log row, the same message id. Another account's delivery, or one whose subscription is gone, starts
 * nothing (`deliveryId` null: the webapp answers not found).
 */
export async function redeliverWebhook(env: WorkersEnv, raw: unknown): Promise<StageResult<{ deliveryId: string | null }>> {
  const parsed = RedeliverWebhookInput.safeParse(raw);
  if (!parsed.success) return invalidResult(parsed.error);
  const { shard, accountId, deliveryId } = parsed.data;
  const binding = configOf(env).shards.get(shard);
  if (!binding) return { ok: false, code: "invalid", message: "shard: no such sessions shard" };
  const logged = await webhookDelivery(sessionsDb(binding), accountId, deliveryId);
  if (!logged) return { ok: true, value: { deliveryId: null } };
  const [target] = (await loggedTarget(env, accountId, logged.message_id, logged.subscription_id)) ?? [];
  if (!target) return { ok: true, value: { deliveryId: null } };
  const id = newId();
  await startDeliveryInstance(env, { ...target, shard, deliveryId: id });
  return { ok: true, value: { deliveryId: id } };
}

async function loggedTarget(env: WorkersEnv, accountId: string, messageId: string, subscriptionId: string) {
  const row = await env.WEBAPP_DB.prepare(
    `SELECT o.id, o.type, o.resource_id, o.event_id, o.shard, o.created_at FROM webhook_outbox o
     JOIN webhook_subscriptions s ON s.id = ? AND s.account_id = o.account_id
     WHERE o.id = ? AND o.account_id = ?`,
  )
    .bind(subscriptionId, messageId, accountId)
    .first<{ id: string; type: string; resource_id: string; event_id: string | null; shard: string | null; created_at: number }>();
  if (!row) return null;
  const target: DeliveryTarget = {
    messageId: row.id,
    accountId,
    subscriptionId,
    type: row.type,
    resourceId: row.resource_id,
    eventId: row.event_id,
    shard: null,
    resourceShard: row.shard,
    createdAt: row.created_at,
  };
  return [target];
}
