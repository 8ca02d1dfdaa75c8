import { sql } from "drizzle-orm";
import { readBatch } from "../access/read-batch";
import {
  type NormalizedRetailerEvent,
  type RetailerParseResult,
  eventbriteOrderUrl,
  parseEventbriteOrder,
  parseEventbriteWebhook,
  parseShopifyWebhook,
  parseStripeEvent,
} from "../commerce/retailer-payloads";
import { type CommerceKeyring, openSecret } from "../commerce/secret-box";
import { commerceKeyring } from "../orders/keyring";
import { verifyShopifyHmac } from "../commerce/shopify-hmac";
import { STRIPE_DEFAULT_TOLERANCE_SECONDS, verifyStripeSignature } from "../commerce/stripe-signature";
import type { Ctx } from "../context";
import { isDomainError } from "../errors";
import { mailOrderConfirmation } from "../orders/confirmation-mail";
import { ingestOrder } from "../orders/ingest-order";
import { WebhookRetailer } from "../orders/schemas";
import { recordDelivery } from "./record-delivery";

/** Bodies above this are refused before parsing: on Content-Length, and again while reading. */
export const WEBHOOK_MAX_BYTES = 256 * 1024;
/** An Eventbrite order fetched after a notification is read up to this size. */
const EVENTBRITE_MAX_BYTES = 512 * 1024;

export type WebhookEnv = {
  /** A context without an actor: the retailer is proven by its signature, not by a session. */
  ctx: Ctx;
  /** The Worker's COMMERCE_KEYS; null answers 503 (connections are not configured). */
  commerceKeys: string | null;
  eventbriteApiBase: string;
  /** The fetch used for the Eventbrite API (a mock of that external service in tests). */
  fetch: typeof fetch;
  stripeToleranceSeconds?: number;
  /** The app's public address, for the links in the buyer's confirmation mail; without it no mail is sent. */
  baseUrl?: string;
};

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });

/** Reads a body up to `max` bytes; null as soon as it is larger (the rest is not read). */
export async function readLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

type Connection = { account_id: string; sealed_secret: string | null; sealed_api_token: string | null };

/**
 * The one machine endpoint for retailer webhooks, `POST /api/hooks/<retailer>/<eventId>`. In this order: method,
 * size (413, before parsing), content type (415), the event and the connection of its account (404, the same answer
 * for an unknown event, an unknown retailer and an account without that connection, so nothing leaks), the
 * signature with the account's sealed secret (401, storing nothing), the payload (400), then ingestion in one batch.
 * Event types we do not handle answer 202 and are ignored (retailers retry anything but 2xx). Secrets, tokens and
 * bodies never reach a log.
 */
export async function handleWebhook(
  request: Request,
  route: { retailer: string; eventId: string },
  env: WebhookEnv,
): Promise<Response> {
  if (request.method !== "POST") return json(405, { error: "Use POST" });
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d{1,12}$/.test(declared) || Number(declared) > WEBHOOK_MAX_BYTES)) {
    return json(413, { error: `The body is larger than ${WEBHOOK_MAX_BYTES} bytes` });
  }
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return json(415, { error: "Send application/json" });
  const raw = await readLimited(request.body, WEBHOOK_MAX_BYTES);
  if (raw === null) return json(413, { error: `The body is larger than ${WEBHOOK_MAX_BYTES} bytes` });

  const retailer = WebhookRetailer.safeParse(route.retailer);
  if (!retailer.success || !/^[A-Za-z0-9_-]{1,64}$/.test(route.eventId)) return json(404, { error: "Not found" });
  const keyring = commerceKeyring(env.commerceKeys);
  if (!keyring) return json(503, { error: "Retailer connections are not configured" });
  const [rows] = await readBatch(env.ctx, [
    sql`SELECT e.account_id, c.sealed_secret, c.sealed_api_token
        FROM events e JOIN retailer_connections c ON c.account_id = e.account_id AND c.retailer = ${retailer.data}
        WHERE e.id = ${route.eventId}`,
  ]);
  const connection = rows?.[0] as Connection | undefined;
  if (!connection) return json(404, { error: "Not found" });
  const secretContext = { accountId: connection.account_id, retailer: retailer.data };
  const open = async (sealed: string | null) => (sealed ? openSecret(keyring as CommerceKeyring, sealed, secretContext) : null);
  const record = (status: number, note: string) =>
    recordDelivery({ ctx: env.ctx, input: { accountId: connection.account_id, retailer: retailer.data, status, note } });

  let parsed: RetailerParseResult;
  let payload: unknown = null;
  let deliveryId: string | undefined;
  const text = new TextDecoder().decode(raw);
  const body = () => {
    try {
      return { ok: true as const, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false as const };
    }
  };

  if (retailer.data === "stripe") {
    const secret = await open(connection.sealed_secret);
    if (!secret) return json(404, { error: "Not found" });
    const verified = await verifyStripeSignature({
      header: request.headers.get("stripe-signature"),
      rawBody: raw,
      secrets: [secret],
      now: env.ctx.now(),
      toleranceSeconds: env.stripeToleranceSeconds ?? STRIPE_DEFAULT_TOLERANCE_SECONDS,
    });
    if (!verified.ok) return json(401, { error: `Signature ${verified.reason}` });
    const value = body();
    if (!value.ok) return bad(record, "The body is not JSON");
    payload = value.value;
    parsed = parseStripeEvent(value.value);
    if (parsed.status === "ok") deliveryId = parsed.event.externalEventId;
  } else if (retailer.data === "shopify") {
    const secret = await open(connection.sealed_secret);
    if (!secret) return json(404, { error: "Not found" });
    const verified = await verifyShopifyHmac({ header: request.headers.get("x-shopify-hmac-sha256"), rawBody: raw, secrets: [secret] });
    if (!verified.ok) return json(401, { error: `Signature ${verified.reason}` });
    const value = body();
    if (!value.ok) return bad(record, "The body is not JSON");
    payload = value.value;
    parsed = parseShopifyWebhook(request.headers.get("x-shopify-topic") ?? "", value.value);
    deliveryId = request.headers.get("x-shopify-webhook-id")?.trim().slice(0, 200) || undefined;
  } else {
    const token = await open(connection.sealed_api_token);
    if (!token) return json(404, { error: "Not found" });
    const value = body();
    if (!value.ok) return bad(record, "The body is not JSON");
    const notification = parseEventbriteWebhook(value.value);
    if (notification.status !== "ok") {
      parsed = notification;
    } else {
      // The payload names a URL; only the configured API origin is ever fetched (no SSRF through api_url).
      const apiUrl = (value.value as { api_url: string }).api_url;
      if (new URL(apiUrl).origin !== new URL(env.eventbriteApiBase).origin) {
        return bad(record, "api_url is not on the configured Eventbrite API origin");
      }
      const fetched = await fetchEventbriteOrder(env, notification.orderId, token);
      // Not proven genuine: the API did not confirm the order with the organizer's token. Nothing is stored.
      if (fetched.status === 401 || fetched.status === 403 || fetched.status === 404) {
        return json(401, { error: "Eventbrite did not confirm this order" });
      }
      if (fetched.status !== 200 || fetched.body === undefined) {
        await record(502, `Eventbrite answered ${fetched.status}`);
        return json(502, { error: "Eventbrite could not be reached; retry later" });
      }
      payload = fetched.body;
      parsed = parseEventbriteOrder(fetched.body, notification.action);
    }
  }

  if (parsed.status === "ignored") {
    await record(202, parsed.reason.slice(0, 300));
    return json(202, { ignored: parsed.reason });
  }
  if (parsed.status === "invalid") return bad(record, parsed.message);
  if (parsed.event.kind === "refund" && parsed.event.refundedInFull === false) {
    // A partial refund keeps the tickets: the organizer decides, from the orders page, what it should revoke.
    await record(202, `partial refund of ${parsed.event.externalOrderId}: tickets kept`);
    return json(202, { ignored: "partial refund" });
  }
  try {
    const result = await ingestOrder({
      ctx: env.ctx,
      input: { accountId: connection.account_id, ...(deliveryId ? { deliveryId } : {}), order: toOrderEvent(parsed.event, route.eventId, payload) },
    });
    // The buyer hears once, from the delivery that placed the order; the mail's outcome never fails the webhook.
    if (result.placed && env.baseUrl) await mailOrderConfirmation(env.ctx, { orderId: result.orderId, baseUrl: env.baseUrl });
    const note = !result.fresh
      ? `duplicate delivery of order ${parsed.event.externalOrderId}`
      : `${parsed.event.kind} ${parsed.event.externalOrderId}: ${result.status}${result.needsMapping ? ", needs mapping" : ""}`;
    await record(200, note.slice(0, 300));
    return json(200, { ok: true, orderId: result.orderId, status: result.status, needsMapping: result.needsMapping, duplicate: !result.fresh });
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return json(404, { error: "Not found" });
    if (isDomainError(error) && error.code === "invalid") return bad(record, `The order does not fit: ${error.message}`);
    throw error;
  }
}

async function bad(record: (status: number, note: string) => Promise<void>, message: string): Promise<Response> {
  await record(400, message.slice(0, 300));
  return json(400, { error: message });
}

function toOrderEvent(event: NormalizedRetailerEvent, eventId: string, raw: unknown) {
  return {
    retailer: event.retailer,
    eventId,
    externalOrderId: event.externalOrderId,
    kind: event.kind,
    ...(event.buyerEmail ? { buyerEmail: event.buyerEmail } : {}),
    ...(event.buyerName ? { buyerName: event.buyerName } : {}),
    lines: event.lines.map((line) => ({ externalSku: line.externalSku, quantity: line.quantity, ...(line.title ? { title: line.title } : {}) })),
    ...(event.amount !== undefined ? { amount: event.amount } : {}),
    ...(event.currency ? { currency: event.currency } : {}),
    raw,
  };
}

async function fetchEventbriteOrder(env: WebhookEnv, orderId: string, token: string): Promise<{ status: number; body?: unknown }> {
  try {
    const response = await env.fetch(eventbriteOrderUrl(env.eventbriteApiBase, orderId), {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const bytes = await readLimited(response.body, EVENTBRITE_MAX_BYTES);
    if (!bytes) return { status: 413 };
    return { status: 200, body: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { status: 504 };
  }
}
