import { introspectWorkflow } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { createManualOrder } from "@greenroom/domain/orders";
import { createWebhookSubscription, emitSessionsEvents, outboxId } from "@greenroom/domain/webhooks-out";
import { webappDb } from "@greenroom/db/webapp/client";
import { createId } from "@paralleldrive/cuid2";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeEventWithRooms, makeOrganizer } from "../../../packages/domain/test/factories";
import { makeTicketType } from "../../../packages/domain/test/commerce-factories";
import { configOf } from "../src/env";
import { dispatchWebhooks, pruneWebhookHistory, WEBHOOK_HISTORY_DAYS } from "../src/webhooks-out";

// Outgoing webhooks end to end inside workerd: the domain verbs write the outbox in the webapp D1, the dispatcher
// starts one delivery Workflow per (event, subscription), and the Workflows POST to a local receiver outside workerd
// (the test config's outboundService at https://receiver.test). Every request it got is verified with the
// standardwebhooks library, as a receiver would.

type Received = { headers: Record<string, string>; body: string };
const receivedBy = async (name: string): Promise<Received[]> => (await fetch(`https://receiver.test/_requests/${name}`)).json();
const commerceKeys = env.COMMERCE_KEYS;
const rpc = exports.StageRpc as unknown as {
  webhookDeliveries(input: unknown): Promise<{ ok: boolean; value: { id: string; messageId: string; status: string; attempts: number; lastResponseStatus: number | null }[] }>;
  redeliverWebhook(input: unknown): Promise<{ ok: boolean; value: { deliveryId: string | null } }>;
};

let introspector: Awaited<ReturnType<typeof introspectWorkflow>> | undefined;
afterEach(async () => {
  await introspector?.dispose();
  introspector = undefined;
  vi.restoreAllMocks();
});

/** Watches every delivery Workflow started from now on, with no retry delays. */
async function watchDeliveries() {
  introspector = await introspectWorkflow(env.WEBHOOK_DELIVERY);
  await introspector.modifyAll(async (m) => {
    await m.disableRetryDelays();
  });
  return introspector;
}

async function settled(watch: Awaited<ReturnType<typeof watchDeliveries>>) {
  const outputs = [];
  for (const instance of watch.get()) {
    await instance.waitForStatus("complete");
    outputs.push(await instance.getOutput());
  }
  return outputs;
}

async function subscribe(owner: { accountId: string; ctx: Parameters<typeof createWebhookSubscription>[0]["ctx"] }, url: string, eventTypes: string[]) {
  return createWebhookSubscription({ ctx: owner.ctx, input: { accountId: owner.accountId, url, eventTypes }, commerceKeys });
}

async function placeOrder(world: Awaited<ReturnType<typeof makeEventWithRooms>>) {
  const type = await makeTicketType(world.event, [world.main.id]);
  const input = { eventId: world.event.id, orderId: `o-${createId()}`, email: `buyer-${createId()}@example.test`, name: "Bea", ticketTypeId: type.id, quantity: "1" };
  await createManualOrder({ ctx: world.owner.ctx, input });
  const id = await env.WEBAPP_DB.prepare("SELECT id FROM orders WHERE account_id = ? AND external_order_id = ?").bind(world.owner.accountId, input.orderId).first<string>("id");
  if (!id) throw new Error("no order");
  return id;
}

const shardOf = async (accountId: string) =>
  (await env.WEBAPP_DB.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(accountId).first<string>("shard_id")) ?? "0000";

describe("outgoing webhook delivery", () => {
  it("an order placed is delivered exactly once to each matching subscription, signed so that standardwebhooks verifies it", async () => {
    const logs = [vi.spyOn(console, "log"), vi.spyOn(console, "error"), vi.spyOn(console, "warn"), vi.spyOn(console, "info")];
    const world = await makeEventWithRooms();
    const name = createId();
    const wanted = await subscribe(world.owner, `https://receiver.test/ok/${name}`, ["order.placed"]);
    await subscribe(world.owner, `https://receiver.test/ok/${name}-checkins`, ["ticket.checked_in"]);
    const stranger = await makeOrganizer();
    await subscribe(stranger, `https://receiver.test/ok/${name}-stranger`, ["order.placed"]);
    const watch = await watchDeliveries();
    const orderId = await placeOrder(world);
    await dispatchWebhooks(env);
    expect(await dispatchWebhooks(env)).toMatchObject({ deliveries: 0 });
    expect(await settled(watch)).toEqual([{ outcome: "delivered", status: 204 }]);

    const got = await receivedBy(name);
    expect(got).toHaveLength(1);
    const [request] = got;
    if (!request) throw new Error("nothing received");
    const message = new Webhook(wanted.secret).verify(request.body, request.headers) as { type: string; data: { id: string; status: string; url: string } };
    expect(message).toMatchObject({ type: "order.placed", data: { id: orderId, status: "placed", url: `/api/v1/events/${world.event.id}/orders/${orderId}` } });
    expect(request.headers["webhook-id"]).toBe(outboxId("order.placed", orderId));
    expect(await receivedBy(`${name}-checkins`)).toEqual([]);
    expect(await receivedBy(`${name}-stranger`)).toEqual([]);

    // The secret is nowhere in plain text: not in any stored row of either database, not in any log line.
    const shard = await shardOf(world.owner.accountId);
    const stored = [
      await env.WEBAPP_DB.prepare("SELECT * FROM webhook_subscriptions").all(),
      await env.WEBAPP_DB.prepare("SELECT * FROM webhook_outbox").all(),
      await env.WEBAPP_DB.prepare("SELECT * FROM audit_log").all(),
      await env.WEBAPP_DB.prepare("SELECT * FROM operations").all(),
      await (shard === "0001" ? env.SESSIONS_DB_0001 : env.SESSIONS_DB_0000).prepare("SELECT * FROM webhook_out_deliveries").all(),
      await (shard === "0001" ? env.SESSIONS_DB_0001 : env.SESSIONS_DB_0000).prepare("SELECT * FROM session_logs").all(),
    ].map((r) => JSON.stringify(r.results));
    const printed = logs.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call)));
    for (const text of [...stored, ...printed]) expect(text).not.toContain(wanted.secret.slice("whsec_".length));
    const log = await rpc.webhookDeliveries({ shard, accountId: world.owner.accountId, subscriptionId: wanted.subscriptionId });
    expect(log.value).toMatchObject([{ messageId: outboxId("order.placed", orderId), status: "delivered", attempts: 1, lastResponseStatus: 204 }]);
  });

  it("a receiver that answers 500 twice and then comes back gets the event with the same webhook-id on every attempt", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/flaky/2/${name}`, ["order.placed"]);
    const watch = await watchDeliveries();
    const orderId = await placeOrder(world);
    await dispatchWebhooks(env);
    expect(await settled(watch)).toEqual([{ outcome: "delivered", status: 204 }]);
    const got = await receivedBy(name);
    expect(got).toHaveLength(3);
    for (const request of got) {
      expect(request.headers["webhook-id"]).toBe(outboxId("order.placed", orderId));
      expect(new Webhook(sub.secret).verify(request.body, request.headers)).toMatchObject({ type: "order.placed" });
    }
    const log = await rpc.webhookDeliveries({ shard: await shardOf(world.owner.accountId), accountId: world.owner.accountId, subscriptionId: sub.subscriptionId });
    expect(log.value).toMatchObject([{ status: "delivered", attempts: 3, lastResponseStatus: 204 }]);
  });

  it("410 Gone disables the subscription, and later events are not sent to it", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/gone/${name}`, ["order.placed", "ticket.issued"]);
    const watch = await watchDeliveries();
    await placeOrder(world);
    await dispatchWebhooks(env);
    const outputs = await settled(watch);
    expect(outputs.filter((o) => (o as { outcome: string }).outcome === "gone").length).toBeGreaterThanOrEqual(1);
    const row = await env.WEBAPP_DB.prepare("SELECT enabled, disabled_reason FROM webhook_subscriptions WHERE id = ?").bind(sub.subscriptionId).first();
    expect(row).toEqual({ enabled: 0, disabled_reason: "gone" });
    const before = (await receivedBy(name)).length;
    await placeOrder(world);
    expect(await dispatchWebhooks(env)).toMatchObject({ deliveries: 0 });
    expect((await receivedBy(name)).length).toBe(before);
  });

  it("a subscription whose URL is private at send time is refused without a request", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/ok/${name}`, ["order.placed"]);
    await env.WEBAPP_DB.prepare("UPDATE webhook_subscriptions SET url = 'https://169.254.169.254/latest/meta-data' WHERE id = ?").bind(sub.subscriptionId).run();
    const watch = await watchDeliveries();
    await placeOrder(world);
    await dispatchWebhooks(env);
    expect(await settled(watch)).toEqual([{ outcome: "refused" }]);
    const log = await rpc.webhookDeliveries({ shard: await shardOf(world.owner.accountId), accountId: world.owner.accountId, subscriptionId: sub.subscriptionId });
    expect(log.value).toMatchObject([{ status: "failed", lastResponseStatus: null }]);
  });

  it("redelivers a logged delivery with the same webhook-id; another account's delivery id starts nothing", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/ok/${name}`, ["order.placed"]);
    const watch = await watchDeliveries();
    await placeOrder(world);
    await dispatchWebhooks(env);
    await settled(watch);
    const shard = await shardOf(world.owner.accountId);
    const [first] = (await rpc.webhookDeliveries({ shard, accountId: world.owner.accountId, subscriptionId: sub.subscriptionId })).value;
    if (!first) throw new Error("no delivery logged");
    const stranger = await makeOrganizer();
    expect((await rpc.redeliverWebhook({ shard, accountId: stranger.accountId, deliveryId: first.id })).value).toEqual({ deliveryId: null });
    const again = await rpc.redeliverWebhook({ shard, accountId: world.owner.accountId, deliveryId: first.id });
    expect(again.value.deliveryId).toEqual(expect.any(String));
    await settled(watch);
    const got = await receivedBy(name);
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([first.messageId, first.messageId]);
  });

  it("history past the delivery log's 30 days is pruned: the dispatched event and its finished delivery go, a pending one stays", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/ok/${name}`, ["order.placed"]);
    const watch = await watchDeliveries();
    await placeOrder(world);
    await dispatchWebhooks(env);
    await settled(watch);
    const shard = await shardOf(world.owner.accountId);
    const shardDb = configOf(env).shards.get(shard);
    if (!shardDb) throw new Error(`no binding for shard ${shard}`);
    const [delivered] = (await rpc.webhookDeliveries({ shard, accountId: world.owner.accountId, subscriptionId: sub.subscriptionId })).value;
    if (!delivered) throw new Error("no delivery logged");
    // A delivery still retrying, as old as the rest.
    const pendingId = createId();
    await shardDb
      .prepare(
        "INSERT INTO webhook_out_deliveries (id, account_id, subscription_id, message_id, type, status, attempts, created_at, updated_at) VALUES (?, ?, ?, ?, 'order.placed', 'pending', 3, ?, ?)",
      )
      .bind(pendingId, world.owner.accountId, sub.subscriptionId, delivered.messageId, Date.now(), Date.now())
      .run();
    const left = async () => ({
      outbox: await env.WEBAPP_DB.prepare("SELECT count(*) AS n FROM webhook_outbox WHERE id = ?").bind(delivered.messageId).first<number>("n"),
      deliveries: (
        await shardDb.prepare("SELECT id FROM webhook_out_deliveries WHERE message_id = ? ORDER BY id").bind(delivered.messageId).all<{ id: string }>()
      ).results.map((r) => r.id),
    });

    // Within the 30 days nothing goes.
    await pruneWebhookHistory(env, Date.now() + (WEBHOOK_HISTORY_DAYS - 1) * 86_400_000);
    expect(await left()).toEqual({ outbox: 1, deliveries: [delivered.id, pendingId].sort() });
    // Past them, the event and the finished delivery go; the pending one stays.
    const pruned = await pruneWebhookHistory(env, Date.now() + (WEBHOOK_HISTORY_DAYS + 1) * 86_400_000);
    expect(pruned.outbox).toBeGreaterThanOrEqual(1);
    expect(pruned.deliveries).toBeGreaterThanOrEqual(1);
    expect(await left()).toEqual({ outbox: 0, deliveries: [pendingId] });
  });

  it("recording.stopped and clip.ready events from the sessions side carry the resource as it is now", async () => {
    const world = await makeEventWithRooms();
    const name = createId();
    const sub = await subscribe(world.owner, `https://receiver.test/ok/${name}`, ["recording.stopped"]);
    const shard = await shardOf(world.owner.accountId);
    const db = shard === "0001" ? env.SESSIONS_DB_0001 : env.SESSIONS_DB_0000;
    const sessionId = createId();
    await db
      .prepare("INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, started_at, ended_at, created_at) VALUES (?, ?, ?, ?, 'stopped', 1000, 61000, 1)")
      .bind(sessionId, world.owner.accountId, world.event.id, world.main.id)
      .run();
    const watch = await watchDeliveries();
    const events = [{ type: "recording.stopped" as const, accountId: world.owner.accountId, eventId: world.event.id, resourceId: sessionId, shard }];
    await emitSessionsEvents(webappDb(env.WEBAPP_DB), events, 1);
    await emitSessionsEvents(webappDb(env.WEBAPP_DB), events, 2);
    await dispatchWebhooks(env);
    await settled(watch);
    const got = await receivedBy(name);
    expect(got).toHaveLength(1);
    expect(new Webhook(sub.secret).verify(got[0]?.body ?? "", got[0]?.headers ?? {})).toMatchObject({
      type: "recording.stopped",
      data: { id: sessionId, status: "stopped", url: `/api/v1/events/${world.event.id}/rooms/${world.main.id}/recordings/${sessionId}` },
    });
  });
});
