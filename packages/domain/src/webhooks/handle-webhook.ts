import { sql } from "drizzle-orm";
import { prepareRead, readBatch } from "../access/read-batch";
import { orderUnitsProblem } from "../caps";
import { declaredLength, isJsonContentType, problem, readLimited } from "../http";
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
import { type Ctx, unixSeconds } from "../context";
import { LIMITS, limitSlotStatement, takeLimitSlot } from "../limits";
import { isDomainError } from "../errors";
import { sendOrderConfirmation } from "../orders/confirmation-mail";
import { endOrderLiveAccess } from "../tickets/live-access";
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
  /**
   * Runs work that must not hold the retailer's answer (the Worker's `waitUntil`): the buyer's confirmation mail goes
   * out after the order is durable and answered, so a slow mail API never makes a retailer time out and redeliver.
   * Without it (tests), the work is awaited before answering.
   */
  defer?: (task: Promise<unknown>) => void;
};

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });

type Connection = {
  id: string;
  account_id: string;
  sealed_secret: string | null;
  sealed_api_token: string | null;
  event_status: string;
  /** Eventbrite only: the Eventbrite event this Greenroom event sells, if the organizer said so. */
  linked_event: string | null;
};

const CLOSED_EVENT_STATUSES = new Set(["archived", "deleting"]);

/**
 * The one machine endpoint for retailer webhooks, `POST /api/hooks/<retailer>/<eventId>`. In this order: method,
 * size (413, before parsing), content type (415), then ONE batch that finds the event and the connection of its
 * account (404, the same answer for an unknown event, an unknown retailer and an account without that connection, so
 * nothing leaks) and counts the request against the connection's per-minute cap (429 with Retry-After). Then the
 * retailer's proof: the signature with the account's sealed secret (Stripe, Shopify), or for the unsigned Eventbrite
 * notification the order fetched from the configured API origin with the organizer's token, each such fetch counted
 * against the connection's cap of unproven requests. Until the proof nothing is stored, not even the connection's
 * "last delivery" line; a failed proof counts as unproven too. An archived or deleting event answers 409 and takes
 * nothing. Then the signed payload (400), and ingestion with the delivery line in one batch. Event types we do not
 * handle answer 202 and are ignored (retailers retry anything but 2xx). Secrets, tokens and bodies never reach a log.
 */
export async function handleWebhook(
  request: Request,
  route: { retailer: string; eventId: string },
  env: WebhookEnv,
): Promise<Response> {
  if (request.method !== "POST") return problem(405, "method_not_allowed", "Use POST.");
  const tooLarge = () => problem(413, "too_large", `The body is larger than ${WEBHOOK_MAX_BYTES} bytes.`, { maxBytes: WEBHOOK_MAX_BYTES });
  const declared = declaredLength(request.headers.get("content-length"));
  if (declared === "invalid") return problem(400, "invalid_content_length", "Content-Length is not a number of bytes.");
  if (declared !== null && declared > WEBHOOK_MAX_BYTES) return tooLarge();
  if (!isJsonContentType(request.headers.get("content-type"))) return problem(415, "unsupported_media_type", "Send application/json.");
  // The signature covers these exact bytes: they are verified as read, never re-encoded from decoded text.
  const raw = await readLimited(request.body, WEBHOOK_MAX_BYTES);
  if (raw === null) return tooLarge();

  const retailer = WebhookRetailer.safeParse(route.retailer);
  if (!retailer.success || !/^[A-Za-z0-9_-]{1,64}$/.test(route.eventId)) return problem(404, "not_found", "Not found.");
  const keyring = commerceKeyring(env.commerceKeys);
  if (!keyring) return problem(503, "not_configured", "Retailer connections are not configured.");
  const now = unixSeconds(env.ctx.now());
  const eventbrite = retailer.data === "eventbrite";
  const connectionKey = (prefix: string) => sql`
    SELECT ${prefix} || c.id AS key FROM events e
    JOIN retailer_connections c ON c.account_id = e.account_id AND c.retailer = ${retailer.data}
    WHERE e.id = ${route.eventId}`;
  // One round trip: the per-minute count, (for Eventbrite) the unproven count that its API fetch will cost, and the
  // connection with what the checks below need.
  const results = await env.ctx.db.$client.batch(
    [
      limitSlotStatement(connectionKey("hook:"), LIMITS.webhookRequestsPerConnection, now),
      ...(eventbrite ? [limitSlotStatement(connectionKey("hook-unproven:"), LIMITS.unprovenWebhooksPerConnection, now)] : []),
      sql`SELECT c.id, e.account_id, c.sealed_secret, c.sealed_api_token, e.status AS event_status,
                 (SELECT l.external_event_id FROM retailer_event_links l WHERE l.event_id = e.id AND l.retailer = ${retailer.data}) AS linked_event,
                 (SELECT window_started_at FROM auth_throttle WHERE key = 'hook:' || c.id) AS window_started_at
          FROM events e JOIN retailer_connections c ON c.account_id = e.account_id AND c.retailer = ${retailer.data}
          WHERE e.id = ${route.eventId}`,
    ].map((statement) => prepareRead(env.ctx, statement)),
  );
  const connection = results.at(-1)?.results[0] as (Connection & { window_started_at: number | null }) | undefined;
  if (!connection) return problem(404, "not_found", "Not found.");
  if ((results[0]?.meta.changes ?? 0) === 0) {
    const retryAfter = Math.max(1, (connection.window_started_at ?? now) + LIMITS.webhookRequestsPerConnection.windowSeconds - now);
    return tooMany(LIMITS.webhookRequestsPerConnection.message, retryAfter);
  }
  const unproven = async (response: Response) => {
    const key = `hook-unproven:${connection.id}`;
    const { max, windowSeconds, message } = LIMITS.unprovenWebhooksPerConnection;
    return (await takeLimitSlot(env.ctx, key, max, windowSeconds)) ? response : tooMany(message, windowSeconds);
  };
  const secretContext = { accountId: connection.account_id, retailer: retailer.data };
  const open = async (sealed: string | null) => (sealed ? openSecret(keyring as CommerceKeyring, sealed, secretContext) : null);
  // Only ever called once the retailer proved the request.
  const record = (status: number, note: string) =>
    recordDelivery({ ctx: env.ctx, input: { accountId: connection.account_id, retailer: retailer.data, status, note } });
  const closed = () =>
    problem(409, "event_closed", `This event is ${connection.event_status}: it takes no more orders.`);

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
    if (!secret) return problem(404, "not_found", "Not found.");
    const verified = await verifyStripeSignature({
      header: request.headers.get("stripe-signature"),
      rawBody: raw,
      secrets: [secret],
      now: env.ctx.now(),
      toleranceSeconds: env.stripeToleranceSeconds ?? STRIPE_DEFAULT_TOLERANCE_SECONDS,
    });
    if (!verified.ok) return unproven(problem(401, "unproven", `Signature ${verified.reason}.`));
    if (CLOSED_EVENT_STATUSES.has(connection.event_status)) return closed();
    const value = body();
    if (!value.ok) return bad(record, "The body is not JSON");
    payload = value.value;
    parsed = parseStripeEvent(value.value);
    if (parsed.status === "ok") deliveryId = parsed.event.externalEventId;
  } else if (retailer.data === "shopify") {
    const secret = await open(connection.sealed_secret);
    if (!secret) return problem(404, "not_found", "Not found.");
    const verified = await verifyShopifyHmac({ header: request.headers.get("x-shopify-hmac-sha256"), rawBody: raw, secrets: [secret] });
    if (!verified.ok) return unproven(problem(401, "unproven", `Signature ${verified.reason}.`));
    if (CLOSED_EVENT_STATUSES.has(connection.event_status)) return closed();
    const value = body();
    if (!value.ok) return bad(record, "The body is not JSON");
    payload = value.value;
    parsed = parseShopifyWebhook(request.headers.get("x-shopify-topic") ?? "", value.value);
    deliveryId = request.headers.get("x-shopify-webhook-id")?.trim().slice(0, 200) || undefined;
  } else {
    // Unsigned: nothing here is stored or shown until the Eventbrite API confirms the order.
    if ((results[1]?.meta.changes ?? 0) === 0) {
      return tooMany(LIMITS.unprovenWebhooksPerConnection.message, LIMITS.unprovenWebhooksPerConnection.windowSeconds);
    }
    const token = await open(connection.sealed_api_token);
    if (!token) return problem(404, "not_found", "Not found.");
    const value = body();
    if (!value.ok) return problem(400, "invalid_payload", "The body is not JSON.");
    const notification = parseEventbriteWebhook(value.value);
    if (notification.status === "invalid") return problem(400, "invalid_payload", notification.message);
    if (notification.status === "ignored") return json(202, { ignored: notification.reason });
    // The payload names a URL; only the configured API origin is ever fetched (no SSRF through api_url).
    const apiUrl = (value.value as { api_url: string }).api_url;
    if (new URL(apiUrl).origin !== new URL(env.eventbriteApiBase).origin) {
      return problem(400, "invalid_payload", "api_url is not on the configured Eventbrite API origin.");
    }
    const fetched = await fetchEventbriteOrder(env, notification.orderId, token);
    if (fetched.status === 401 || fetched.status === 403 || fetched.status === 404) {
      return problem(401, "unproven", "Eventbrite did not confirm this order.");
    }
    if (fetched.status !== 200 || fetched.body === undefined) {
      return problem(502, "upstream_unavailable", "Eventbrite could not be reached; retry later.");
    }
    // Proven from here on: the organizer's own Eventbrite account answered with this order.
    if (CLOSED_EVENT_STATUSES.has(connection.event_status)) return closed();
    payload = fetched.body;
    parsed = parseEventbriteOrder(fetched.body);
    if (parsed.status === "ok") {
      const mismatch = await eventbriteMismatch(env.ctx, route.eventId, connection.linked_event, parsed.event);
      if (mismatch) {
        await record(202, mismatch.slice(0, 300));
        return json(202, { ignored: mismatch });
      }
    }
  }

  if (parsed.status === "ignored") {
    await record(202, parsed.reason.slice(0, 300));
    return json(202, { ignored: parsed.reason });
  }
  if (parsed.status === "invalid") return bad(record, parsed.message);
  // The same caps as manual and CSV orders: a tenant signs its own retailer's deliveries, so a signature alone must
  // not let one order issue a flood of tickets.
  const overCap = parsed.event.kind === "order" ? orderUnitsProblem(parsed.event.lines) : null;
  if (overCap) return bad(record, `${overCap.message}: order ${parsed.event.externalOrderId} is not taken in`);
  try {
    const result = await ingestOrder({
      ctx: env.ctx,
      input: {
        accountId: connection.account_id,
        ...(deliveryId ? { deliveryId } : {}),
        order: toOrderEvent(parsed.event, route.eventId, payload),
        recordDelivery: true,
      },
    });
    // The buyer hears once, from the delivery that placed the order; the mail's outcome never fails the webhook.
    // A refund or cancellation that took tickets back closes their holders' open room sockets where no access is left.
    const revokes = parsed.event.kind !== "order" || (parsed.event.refunds ?? []).some((r) => r.all || r.lines.length > 0);
    if (revokes) await endOrderLiveAccess(env.ctx, { accountId: connection.account_id, orderId: result.orderId });
    // ingestOrder took the buyer's and the event's mail budgets in its batch; `mail` is there only when both allowed it.
    if (result.placed && result.mail && env.baseUrl) {
      const mail = sendOrderConfirmation(env.ctx, result.mail, env.baseUrl);
      if (env.defer) env.defer(mail.catch(() => false));
      else await mail;
    }
    return json(200, {
      ok: true,
      orderId: result.orderId,
      status: result.status,
      needsMapping: result.needsMapping,
      held: result.held,
      duplicate: !result.fresh,
    });
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return problem(404, "not_found", "Not found.");
    if (isDomainError(error) && error.code === "conflict") return problem(409, "conflict", error.message);
    if (isDomainError(error) && error.code === "invalid") return bad(record, `The order does not fit: ${error.message}`);
    throw error;
  }
}

function tooMany(message: string, retryAfterSeconds: number): Response {
  return problem(429, "rate_limited", message, { retryAfterSeconds }, { headers: { "retry-after": String(retryAfterSeconds) } });
}

/**
 * Why a fetched Eventbrite order is not this Greenroom event's, or null when it is: its `event_id` must be the
 * Eventbrite event linked to this event; with no link, one of its ticket classes must be mapped here. An order of
 * another event is never stored here, so it cannot take the order's key from the event it belongs to.
 */
async function eventbriteMismatch(
  ctx: Ctx,
  eventId: string,
  linked: string | null,
  event: NormalizedRetailerEvent,
): Promise<string | null> {
  const id = event.externalOrderId;
  if (linked) {
    return event.retailerEventId === linked ? null : `Eventbrite order ${id} belongs to Eventbrite event ${event.retailerEventId ?? "unknown"}, not ${linked}: not taken in`;
  }
  const skus = event.lines.map((l) => l.externalSku).slice(0, 90);
  if (skus.length > 0) {
    const [rows] = await readBatch(ctx, [
      sql`SELECT 1 AS ok FROM external_sku_mappings
          WHERE event_id = ${eventId} AND retailer = 'eventbrite' AND external_sku IN (${sql.join(skus.map((s) => sql`${s}`), sql`, `)}) LIMIT 1`,
    ]);
    if (rows && rows.length > 0) return null;
  }
  return `Eventbrite order ${id} (Eventbrite event ${event.retailerEventId ?? "unknown"}) is not taken in: set this event's Eventbrite event id on the orders page`;
}

async function bad(record: (status: number, note: string) => Promise<void>, message: string): Promise<Response> {
  await record(400, message.slice(0, 300));
  return problem(400, "invalid_payload", message);
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
    ...(event.refunds
      ? {
          refunds: event.refunds.map((r) => ({
            key: r.key,
            all: r.all,
            lines: r.lines.map((l) => ({ externalSku: l.externalSku, quantity: l.quantity })),
            ...(r.amount !== undefined ? { amount: r.amount } : {}),
            ...(r.currency ? { currency: r.currency } : {}),
          })),
        }
      : {}),
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
