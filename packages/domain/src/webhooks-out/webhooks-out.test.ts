import { env } from "cloudflare:workers";
import { createId } from "@paralleldrive/cuid2";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { makeTicketType } from "../../test/commerce-factories";
import { makeEventWithRooms, makeOrganizer } from "../../test/factories";
import { publishEvent } from "../events";
import { createManualOrder } from "../orders";
import { checkInTicket, createTicketType, registerFreeTicket, ticketCodeFor } from "../tickets";
import { testCtx } from "../../test/factories";
import { countingD1 } from "../../test/counting-d1";
import { webappDb } from "@greenroom/db/webapp/client";
import type { StageApi } from "@greenroom/stage/contract";
import {
  attemptDelivery,
  checkOutboundUrl,
  createWebhookSubscription,
  deleteWebhookSubscription,
  listWebhookSubscriptions,
  MAX_RESPONSE_BYTES,
  outboxId,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookSubscriptionEnabled,
  webhooksPage,
} from ".";

const keyBytes = new Uint8Array(32).fill(7);
const commerceKeys = `v1:${btoa(String.fromCharCode(...keyBytes))}`;

type Recorded = { url: string; headers: Record<string, string>; body: string };

/** A receiver's HTTP as a fetch: records each request and answers with the next status of `statuses` (then 200). */
function receiver(statuses: number[] = []) {
  const requests: Recorded[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    requests.push({ url: String(input), headers, body: String(init?.body ?? "") });
    return new Response("ok", { status: statuses.shift() ?? 200 });
  }) as typeof fetch;
  return { requests, fetch: fetcher };
}

const outboxRows = (accountId: string) =>
  env.WEBAPP_DB.prepare("SELECT id, type, resource_id FROM webhook_outbox WHERE account_id = ? ORDER BY type, id").bind(accountId).all<{ id: string; type: string; resource_id: string }>();

async function subscribed(eventTypes: string[], url = "https://hooks.example.com/greenroom") {
  const world = await makeEventWithRooms();
  const created = await createWebhookSubscription({ ctx: world.owner.ctx, input: { accountId: world.owner.accountId, url, eventTypes }, commerceKeys });
  return { ...world, ...created };
}

describe("outgoing webhook subscriptions", () => {
  it("creates a subscription whose secret is shown once in Standard Webhooks form and stored only sealed", async () => {
    const { owner, secret, subscriptionId } = await subscribed(["order.placed", "ticket.issued"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await listWebhookSubscriptions({ ctx: owner.ctx, input: { accountId: owner.accountId } });
    expect(list).toMatchObject([{ id: subscriptionId, url: "https://hooks.example.com/greenroom", eventTypes: ["order.placed", "ticket.issued"], enabled: true }]);
    expect(JSON.stringify(list)).not.toContain(secret.slice(6));
    const stored = await env.WEBAPP_DB.prepare("SELECT * FROM webhook_subscriptions WHERE id = ?").bind(subscriptionId).first();
    const audit = await env.WEBAPP_DB.prepare("SELECT * FROM audit_log WHERE target_id = ?").bind(subscriptionId).all();
    for (const text of [JSON.stringify(stored), JSON.stringify(audit.results)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(6));
    }
    expect(audit.results.map((r) => r.action)).toEqual(["webhook_subscription.create"]);
  });

  it("refuses loopback, private, link-local, CGNAT, metadata and plain-http URLs with a field error and writes nothing", async () => {
    const owner = await makeOrganizer();
    const refused = [
      "http://hooks.example.com/x",
      "https://127.0.0.1/x",
      "https://localhost/x",
      "https://10.1.2.3/x",
      "https://172.16.0.1/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/x",
      "https://metadata.google.internal/computeMetadata/v1",
      "https://[::1]/x",
      "https://[fd00::1]/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://2130706433/x",
      "https://0x7f.0.0.1/x",
      "https://user:pass@hooks.example.com/x",
      "not a url",
    ];
    for (const url of refused) {
      await expect(
        createWebhookSubscription({ ctx: owner.ctx, input: { accountId: owner.accountId, url, eventTypes: ["order.placed"] }, commerceKeys }),
        url,
      ).rejects.toMatchObject({ code: "invalid", fieldErrors: { url: [expect.any(String)] } });
    }
    await expect(
      createWebhookSubscription({ ctx: owner.ctx, input: { accountId: owner.accountId, url: "https://hooks.example.com", eventTypes: [] }, commerceKeys }),
    ).rejects.toMatchObject({ code: "invalid", fieldErrors: { eventTypes: [expect.any(String)] } });
    expect(await listWebhookSubscriptions({ ctx: owner.ctx, input: { accountId: owner.accountId } })).toEqual([]);
    expect(checkOutboundUrl("http://127.0.0.1:8811/hook", { allowLocalHttp: true }).ok).toBe(true);
    expect(checkOutboundUrl("http://10.0.0.1/hook", { allowLocalHttp: true }).ok).toBe(false);
  });

  it("another account's subscription is not found for rotate, disable and delete, and nothing changes", async () => {
    const { owner, subscriptionId } = await subscribed(["order.placed"]);
    const stranger = await makeOrganizer();
    const ref = { accountId: stranger.accountId, subscriptionId };
    await expect(rotateWebhookSecret({ ctx: stranger.ctx, input: ref, commerceKeys })).rejects.toMatchObject({ code: "not_found" });
    await expect(setWebhookSubscriptionEnabled({ ctx: stranger.ctx, input: { ...ref, enabled: false } })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteWebhookSubscription({ ctx: stranger.ctx, input: ref })).rejects.toMatchObject({ code: "not_found" });
    // Naming the owner's account does not help either.
    await expect(listWebhookSubscriptions({ ctx: stranger.ctx, input: { accountId: owner.accountId } })).rejects.toMatchObject({ code: "not_found" });
    expect(await listWebhookSubscriptions({ ctx: owner.ctx, input: { accountId: owner.accountId } })).toMatchObject([{ id: subscriptionId, enabled: true }]);
  });

  it("rotates, disables, enables and deletes a subscription, with one audit row each", async () => {
    const { owner, subscriptionId, secret } = await subscribed(["order.placed"]);
    const ref = { accountId: owner.accountId, subscriptionId };
    const before = await env.WEBAPP_DB.prepare("SELECT sealed_secret FROM webhook_subscriptions WHERE id = ?").bind(subscriptionId).first<string>("sealed_secret");
    const rotated = await rotateWebhookSecret({ ctx: owner.ctx, input: ref, commerceKeys });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    const after = await env.WEBAPP_DB.prepare("SELECT sealed_secret FROM webhook_subscriptions WHERE id = ?").bind(subscriptionId).first<string>("sealed_secret");
    expect(after).not.toBe(before);
    await setWebhookSubscriptionEnabled({ ctx: owner.ctx, input: { ...ref, enabled: "false" } });
    expect((await listWebhookSubscriptions({ ctx: owner.ctx, input: { accountId: owner.accountId } }))[0]).toMatchObject({ enabled: false, disabledReason: "owner" });
    await setWebhookSubscriptionEnabled({ ctx: owner.ctx, input: { ...ref, enabled: "true" } });
    await deleteWebhookSubscription({ ctx: owner.ctx, input: ref });
    expect(await listWebhookSubscriptions({ ctx: owner.ctx, input: { accountId: owner.accountId } })).toEqual([]);
    const actions = await env.WEBAPP_DB.prepare("SELECT action FROM audit_log WHERE target_id = ? ORDER BY rowid").bind(subscriptionId).all<{ action: string }>();
    expect(actions.results.map((r) => r.action)).toEqual([
      "webhook_subscription.create",
      "webhook_subscription.rotate_secret",
      "webhook_subscription.disable",
      "webhook_subscription.enable",
      "webhook_subscription.delete",
    ]);
  });
});

describe("the Webhooks page", () => {
  it("reads the subscriptions and events in one round trip with the authorization, and the log from the workers app", async () => {
    const { owner, event, subscriptionId } = await subscribed(["order.placed"]);
    const d1 = countingD1(env.WEBAPP_DB);
    const asked: unknown[] = [];
    const stage: StageApi = {
      ...owner.ctx.stage,
      webhookDeliveries: async (input) => {
        asked.push(input);
        return { ok: true, value: [] };
      },
    };
    const ctx = { ...owner.ctx, db: webappDb(d1.db), stage };
    const page = await webhooksPage({ ctx, input: { accountId: owner.accountId, subscriptionId } });
    expect(d1.roundTrips()).toBe(1);
    expect(page.subscriptions.map((s) => s.id)).toEqual([subscriptionId]);
    expect(page.events).toEqual([{ id: event.id, name: event.name }]);
    expect(page.deliveries).toEqual({ subscriptionId, entries: [] });
    expect(asked).toEqual([{ shard: expect.stringMatching(/^\d{4}$/), accountId: owner.accountId, subscriptionId }]);
    // Another owner naming this account sees their own account instead, and no log for this subscription id.
    const stranger = await makeOrganizer();
    const theirs = await webhooksPage({ ctx: stranger.ctx, input: { accountId: owner.accountId, subscriptionId } });
    expect(theirs).toMatchObject({ account: { id: stranger.accountId }, subscriptions: [], deliveries: null });
  });

  it("a test event is one outbox row for that subscription; another account's subscription is not found", async () => {
    const { owner, subscriptionId } = await subscribed(["order.placed"]);
    const { messageId } = await sendTestWebhook({ ctx: owner.ctx, input: { accountId: owner.accountId, subscriptionId } });
    expect((await outboxRows(owner.accountId)).results).toEqual([{ id: messageId, type: "webhook.test", resource_id: subscriptionId }]);
    const stranger = await makeOrganizer();
    await expect(sendTestWebhook({ ctx: stranger.ctx, input: { accountId: stranger.accountId, subscriptionId } })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the webhook outbox", () => {
  it("an order placed writes its order.placed and ticket.issued outbox rows in the same batch, once, however often it is retried", async () => {
    const { owner, event, main } = await subscribed(["order.placed", "ticket.issued"]);
    const type = await makeTicketType(event, [main.id]);
    const input = { eventId: event.id, orderId: "hook-1", email: `buyer-${createId()}@example.test`, name: "Bea", ticketTypeId: type.id, quantity: "2" };
    await createManualOrder({ ctx: owner.ctx, input });
    await createManualOrder({ ctx: owner.ctx, input });
    const rows = (await outboxRows(owner.accountId)).results;
    const order = await env.WEBAPP_DB.prepare("SELECT id FROM orders WHERE account_id = ?").bind(owner.accountId).first<string>("id");
    const tickets = await env.WEBAPP_DB.prepare("SELECT id FROM tickets WHERE order_id = ? ORDER BY id").bind(order).all<{ id: string }>();
    expect(rows.filter((r) => r.type === "order.placed")).toEqual([{ id: outboxId("order.placed", order ?? ""), type: "order.placed", resource_id: order }]);
    expect(rows.filter((r) => r.type === "ticket.issued").map((r) => r.resource_id).sort()).toEqual(tickets.results.map((t) => t.id).sort());
    expect(rows).toHaveLength(3);
  });

  it("an account without a matching enabled subscription gets no outbox rows", async () => {
    const { owner, event, main, subscriptionId } = await subscribed(["ticket.checked_in"]);
    const type = await makeTicketType(event, [main.id]);
    await createManualOrder({ ctx: owner.ctx, input: { eventId: event.id, email: `b-${createId()}@example.test`, name: "B", ticketTypeId: type.id, quantity: "1" } });
    await setWebhookSubscriptionEnabled({ ctx: owner.ctx, input: { accountId: owner.accountId, subscriptionId, enabled: false } });
    expect((await outboxRows(owner.accountId)).results).toEqual([]);
  });
});

describe("the webhook outbox for registrations and check-ins", () => {
  it("a free registration writes registration.created and ticket.issued, and a check-in ticket.checked_in once however often it is scanned", async () => {
    const { owner, event, main } = await subscribed(["registration.created", "ticket.issued", "ticket.checked_in"]);
    await publishEvent({ ctx: owner.ctx, input: { eventId: event.id } });
    const type = await createTicketType({ ctx: owner.ctx, input: { eventId: event.id, name: "Free", free: true, roomIds: [main.id] } });
    const input = { ticketTypeId: type.id, name: "Visitor", email: `v-${createId()}@example.test`, baseUrl: "https://greenroom.test" };
    await registerFreeTicket({ ctx: testCtx(), input });
    await registerFreeTicket({ ctx: testCtx(), input });
    const ticket = await env.WEBAPP_DB.prepare("SELECT id FROM tickets WHERE ticket_type_id = ?").bind(type.id).first<string>("id");
    if (!ticket) throw new Error("no ticket");
    const code = await ticketCodeFor(testCtx(), ticket);
    await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code } });
    await checkInTicket({ ctx: owner.ctx, input: { eventId: event.id, code } });
    expect((await outboxRows(owner.accountId)).results).toEqual([
      { id: outboxId("registration.created", ticket), type: "registration.created", resource_id: ticket },
      { id: outboxId("ticket.checked_in", ticket), type: "ticket.checked_in", resource_id: ticket },
      { id: outboxId("ticket.issued", ticket), type: "ticket.issued", resource_id: ticket },
    ]);
  });
});

describe("one delivery attempt", () => {
  const message = (secret: string, fetcher: typeof fetch, extra: Partial<Parameters<typeof attemptDelivery>[0]> = {}) =>
    attemptDelivery({
      url: "https://hooks.example.com/in",
      secret,
      messageId: "evt_order_placed_abc",
      body: JSON.stringify({ type: "order.placed", timestamp: new Date().toISOString(), data: { id: "abc" } }),
      nowSeconds: Math.floor(Date.now() / 1000),
      fetch: fetcher,
      ...extra,
    });

  it("is signed as Standard Webhooks says: the standardwebhooks library verifies it as a receiver would", async () => {
    const { secret } = await subscribed(["order.placed"]);
    const rx = receiver();
    expect(await message(secret, rx.fetch)).toEqual({ outcome: "delivered", status: 200 });
    const [request] = rx.requests;
    if (!request) throw new Error("nothing sent");
    expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({ type: "order.placed" });
    expect(request.headers["webhook-id"]).toBe("evt_order_placed_abc");
    expect(() => new Webhook(`whsec_${btoa("another secret of some length..")}`).verify(request.body, request.headers)).toThrow();
  });

  it("refuses private, loopback and metadata URLs at send time without making a request", async () => {
    const rx = receiver();
    for (const url of ["https://127.0.0.1/x", "https://169.254.169.254/x", "https://metadata.google.internal/x", "https://[::1]/x", "http://hooks.example.com/x"]) {
      expect(await message("whsec_AAAA", rx.fetch, { url })).toMatchObject({ outcome: "refused" });
    }
    expect(rx.requests).toEqual([]);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const { secret } = await subscribed(["order.placed"]);
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))))) as typeof fetch;
    expect(await message(secret, hanging, { timeoutMs: 50 })).toMatchObject({ outcome: "failed", status: null, error: expect.stringContaining("No answer") });
  });

  it("reads at most the response size cap of an endless answer", async () => {
    const { secret } = await subscribed(["order.placed"]);
    let pulled = 0;
    const endless = (async () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            pulled += 16 * 1024;
            controller.enqueue(new Uint8Array(16 * 1024));
          },
        }),
        { status: 200 },
      )) as typeof fetch;
    expect(await message(secret, endless)).toEqual({ outcome: "delivered", status: 200 });
    expect(pulled).toBeLessThanOrEqual(MAX_RESPONSE_BYTES + 3 * 16 * 1024);
  });

  it("reports 410 Gone as gone and a 500 as failed", async () => {
    const { secret } = await subscribed(["order.placed"]);
    expect(await message(secret, receiver([410]).fetch)).toEqual({ outcome: "gone", status: 410 });
    expect(await message(secret, receiver([500]).fetch)).toMatchObject({ outcome: "failed", status: 500 });
  });
});
