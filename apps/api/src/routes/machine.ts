import type { OpenAPIHono } from "@hono/zod-openapi";
import { clientIpFrom } from "@greenroom/domain/auth";
import { codeBatchCsv, redeemCreditCode } from "@greenroom/domain/credits";
import { problem, readJsonBody } from "@greenroom/domain/http";
import { deleteEvent, getOperation, type OperationView, startRecording, stopRecording } from "@greenroom/domain/operations";
import { exportOrdersCsv } from "@greenroom/domain/orders";
import { exportParticipantsCsv } from "@greenroom/domain/participants";
import { putOnStage, takeOffStage } from "@greenroom/domain/stage";
import { handleWebhook } from "@greenroom/domain/webhooks";
import type { Context } from "hono";
import { z } from "zod";
import { type ApiEnv, apiContext, configOf } from "../context";
import { errorResponse } from "../problem";
import { browserContext } from "../session";

/**
 * The machine endpoints that the webapp's pages, retailers and the benchmark call on the webapp's host, served here
 * (the webapp Worker forwards `/api/*` to this Worker; see docs/decisions/0010-one-route-handler-for-machine-endpoints.md):
 *
 *   POST   /api/hooks/<retailer>/<eventId>          retailer webhooks (no session: the signature is the credential)
 *   GET    /api/events/<eventId>/orders.csv         orders export (session, orders.manage)
 *   GET    /api/events/<eventId>/participants.csv   participants export (session, participants.export)
 *   GET    /api/admin/credit-batches/<id>/codes.csv a batch of redemption codes (session, platform admin)
 *   POST   /api/accounts/<accountId>/credit-codes   redeem a code (session, same origin): 200 granted, 202 + operation
 *   POST   /api/rooms/<roomId>/stage                one stage change as JSON (session, stage.manage)
 *   POST   /api/rooms/<roomId>/recording            start or stop recording (session, same origin): 202 + operation
 *   GET    /api/operations/<operationId>            a cross-database operation, for the UI to follow (session)
 *   DELETE /api/events/<eventId>                    delete an event (session, same origin): 202 + operation
 *   POST   /api/bench/baseline                      one plain D1 insert; 404 unless GREENROOM_BENCH=1
 *
 * Browser endpoints authenticate with the webapp's session cookie (./session.ts); they answer problem+json like
 * /api/v1, and none of them is in the OpenAPI document, which describes what a program may call with a key.
 */
export function machineRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.post("/api/hooks/:retailer/:eventId", (c) => webhook(c, c.req.param("retailer"), c.req.param("eventId")));
  app.get("/api/events/:eventId/orders.csv", (c) =>
    exportCsv(c, (ctx) => exportOrdersCsv({ ctx, input: untyped({ eventId: c.req.param("eventId"), ...query(c, ORDER_FILTERS) }) })),
  );
  app.get("/api/events/:eventId/participants.csv", (c) =>
    exportCsv(c, (ctx) => exportParticipantsCsv({ ctx, input: untyped({ eventId: c.req.param("eventId"), ...query(c, PARTICIPANT_FILTERS) }) })),
  );
  app.get("/api/admin/credit-batches/:batchId/codes.csv", (c) =>
    exportCsv(c, (ctx) => codeBatchCsv({ ctx, input: { batchId: c.req.param("batchId") } })),
  );
  app.post("/api/accounts/:accountId/credit-codes", (c) => redeem(c, c.req.param("accountId")));
  app.post("/api/rooms/:roomId/stage", (c) => stageChange(c, c.req.param("roomId")));
  app.post("/api/rooms/:roomId/recording", (c) => recording(c, c.req.param("roomId")));
  app.get("/api/operations/:operationId", (c) => operation(c, c.req.param("operationId")));
  app.delete("/api/events/:eventId", (c) => removeEvent(c, c.req.param("eventId")));
  app.post("/api/bench/baseline", (c) => benchBaseline(c));
}

// The list filters as the pages' links carry them; each verb's schema decides what it accepts.
const ORDER_FILTERS = ["retailer", "status", "ticketTypeId", "needsMapping"] as const;
const PARTICIPANT_FILTERS = ["q", "roleId", "roomId", "status"] as const;

/** The named query parameters, blank ones left out (a filter form's "All" option). */
function query(c: Context<ApiEnv>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = c.req.query(key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/**
 * Text from a URL or a JSON body, handed to a verb as its input: the one cast from untyped request data to a verb's
 * input type. Every verb parses its input with its schema, so a missing or malformed field comes back as a field
 * error (an `invalid` DomainError, a 400), never as a wrong value in the database.
 */
function untyped<I>(fields: Record<string, unknown>): I {
  return fields as I;
}

type Exported = { filename: string; body: ReadableStream<Uint8Array> };

async function exportCsv(c: Context<ApiEnv>, run: (ctx: Awaited<ReturnType<typeof browserContext>>["ctx"]) => Promise<Exported>) {
  try {
    const { ctx } = await browserContext(c, configOf(c.env));
    const { filename, body } = await run(ctx);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

async function webhook(c: Context<ApiEnv>, retailer: string, eventId: string): Promise<Response> {
  const config = configOf(c.env);
  // The primary database, no session cookie: a retailer has no bookmark to keep.
  const ctx = apiContext(config, null);
  try {
    return await handleWebhook(
      c.req.raw,
      { retailer, eventId },
      {
        ctx,
        commerceKeys: config.commerceKeys,
        eventbriteApiBase: config.eventbriteApiBase,
        fetch: (input, init) => fetch(input, init),
        baseUrl: config.appUrl ?? new URL(c.req.url).origin,
        defer: (task) => c.executionCtx.waitUntil(task),
      },
    );
  } catch (error) {
    // The error's name only: messages could carry payload fragments, and secrets never reach a log.
    console.error("[webhook] failed", error instanceof Error ? error.name : typeof error);
    return problem(500, "internal", "Internal error; retry later.");
  }
}

const STAGE_BODY_LIMIT = 4096;

/**
 * One stage change as JSON: `{ action: "on_stage", userId | guestName, requestId? }` or
 * `{ action: "off_stage", participantId, requestId? }`, by the signed-in user (the verb checks stage.manage on the
 * room). Only `application/json`, which a cross-site form cannot send without a preflight, and the session cookie is
 * SameSite=Lax. The answer sets the sessions-side bookmark cookie, so the caller's next read sees the change.
 */
async function stageChange(c: Context<ApiEnv>, roomId: string): Promise<Response> {
  const body = await readJsonBody(c.req.raw, { maxBytes: STAGE_BODY_LIMIT });
  if (!body.ok) return body.response;
  const value = body.value;
  const fields = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const verb = fields.action === "on_stage" ? putOnStage : fields.action === "off_stage" ? takeOffStage : null;
  if (!verb) {
    return problem(400, "invalid", "Unknown action", { fieldErrors: { action: ['Use "on_stage" or "off_stage"'] } });
  }
  try {
    const { ctx, commit } = await browserContext(c, configOf(c.env));
    const entry = await verb({ ctx, input: untyped({ ...fields, roomId }) });
    return commit(Response.json(entry));
  } catch (error) {
    return errorResponse(error);
  }
}

const RECORDING_BODY_LIMIT = 4096;
// `requestId` is the caller's idempotency key; the verb validates it (a line break is a 400) and mints the operation id.
const RecordingRequest = z.object({ action: z.enum(["start", "stop"]), requestId: z.string().max(200).optional() });

/**
 * Starts or stops a room's recording for a signed-in host. Same origin only (a cross-site form cannot carry the JSON
 * content type, and `Origin` must match): the session cookie alone is not enough. Answers 202 with the operation.
 */
async function recording(c: Context<ApiEnv>, roomId: string): Promise<Response> {
  if (!sameOrigin(c.req.raw)) return problem(403, "forbidden", "Same-origin requests only.");
  const body = await readJsonBody(c.req.raw, { maxBytes: RECORDING_BODY_LIMIT });
  if (!body.ok) return body.response;
  const parsed = RecordingRequest.safeParse(body.value);
  if (!parsed.success) return problem(400, "invalid", 'Send { "action": "start" | "stop" }');
  try {
    const { ctx, commit } = await browserContext(c, configOf(c.env));
    const verb = parsed.data.action === "start" ? startRecording : stopRecording;
    const { operation: started } = await verb({ ctx, input: { roomId, requestId: parsed.data.requestId } });
    return commit(accepted(started));
  } catch (error) {
    return errorResponse(error);
  }
}

const REDEEM_BODY_LIMIT = 4096;
const RedeemRequest = z.object({ code: z.string().max(40) });

/**
 * Redeems a code for an account its signed-in owner names (JSON `{ "code": "…" }`, same origin). 200 with the
 * balance when the credit landed; 202 with the grant's operation (`Location`) when the shard write failed and the
 * grant flow finishes it; field errors as problem+json.
 */
async function redeem(c: Context<ApiEnv>, accountId: string): Promise<Response> {
  if (!sameOrigin(c.req.raw)) return problem(403, "forbidden", "Same-origin requests only.");
  const body = await readJsonBody(c.req.raw, { maxBytes: REDEEM_BODY_LIMIT });
  if (!body.ok) return body.response;
  const parsed = RedeemRequest.safeParse(body.value);
  if (!parsed.success) return problem(400, "invalid", 'Send { "code": "<the code>" }');
  try {
    const { ctx, commit } = await browserContext(c, configOf(c.env));
    const result = await redeemCreditCode({ ctx, input: { accountId, code: parsed.data.code, ip: clientIpFrom(c.req.raw.headers) } });
    if (result.status === "granted") return commit(Response.json(result));
    const location = `/api/operations/${encodeURIComponent(result.operation.id)}`;
    return commit(
      Response.json({ status: result.status, minutes: result.minutes, operationId: result.operation.id, location }, { status: 202, headers: { location } }),
    );
  } catch (error) {
    return errorResponse(error);
  }
}

/** The header's syntax only (visible ASCII, no spaces); the verb's schema decides what it accepts beyond that. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

async function removeEvent(c: Context<ApiEnv>, eventId: string): Promise<Response> {
  if (!sameOrigin(c.req.raw)) return problem(403, "forbidden", "Same-origin requests only.");
  const requestId = c.req.header("idempotency-key");
  if (requestId !== undefined && !IDEMPOTENCY_KEY.test(requestId)) {
    return problem(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  try {
    const { ctx, commit } = await browserContext(c, configOf(c.env));
    const { operation: started } = await deleteEvent({ ctx, input: { eventId, requestId } });
    return commit(accepted(started));
  } catch (error) {
    return errorResponse(error);
  }
}

/** A flow's answer: 202 and where to follow it while it runs; 200 once it has ended (a repeated request). */
function accepted(started: { id: string; state: string; done: boolean }): Response {
  // Operation ids are minted (CUID2); an older row's id is still encoded before it goes into a header.
  const location = `/api/operations/${encodeURIComponent(started.id)}`;
  return Response.json({ operationId: started.id, state: started.state, location }, { status: started.done ? 200 : 202, headers: { location } });
}

/** One operation for its starter (or the account's owners): its state, and where to go once it has ended. */
async function operation(c: Context<ApiEnv>, operationId: string): Promise<Response> {
  try {
    const { ctx } = await browserContext(c, configOf(c.env));
    const view: OperationView = await getOperation({ ctx, input: { operationId } });
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The benchmark's baseline: read the body and do one plain D1 insert. A 404 unless GREENROOM_BENCH=1. */
async function benchBaseline(c: Context<ApiEnv>): Promise<Response> {
  const config = configOf(c.env);
  if (!config.bench) return problem(404, "not_found", "No such endpoint.");
  const body = await c.req.text();
  await config.bindings.WEBAPP_DB.prepare("INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(crypto.randomUUID(), "bench@baseline.invalid", "baseline", body.slice(0, 100), Math.floor(Date.now() / 1000))
    .run();
  return Response.json({ ok: true });
}

/** The browser's `Origin` names this site's host (the webapp forwards the request with its URL and headers unchanged). */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
