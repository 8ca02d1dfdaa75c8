import { webappDb } from "@greenroom/db/webapp/client";
import { clientIpFrom } from "@greenroom/domain/auth";
import { codeBatchCsv, redeemCreditCode } from "@greenroom/domain/credits";
import { exportOrdersCsv } from "@greenroom/domain/orders";
import { exportParticipantsCsv } from "@greenroom/domain/participants";
import { putOnStage, takeOffStage } from "@greenroom/domain/stage";
import { deleteEvent, getOperation, type OperationView, startRecording, stopRecording } from "@greenroom/domain/operations";
import { problem, readJsonBody } from "@greenroom/domain/http";
import { handleWebhook } from "@greenroom/domain/webhooks";
import { z } from "zod";
import { filtersFrom } from "@/app/events/[eventId]/participants/filters";
import { runAfterResponse } from "./config";
import { appConfig, requestContext } from "./context";
import { domainContext } from "./domain-context";
import { errorResponse } from "./http";
import { publicBaseUrl } from "./origin";
import { requestInput } from "./transport";

/**
 * Every machine-facing endpoint of the webapp, behind ONE Next.js route handler (`app/api/[...path]/route.ts`):
 * each route handler carries its own copy of the server bundle (~185 KB gzip), so webhooks, CSV exports and the
 * benchmark's baseline share one. See docs/architecture.md, "Machine endpoints".
 *
 *   POST /api/hooks/<retailer>/<eventId>          retailer webhooks (no session: the signature is the credential)
 *   GET  /api/events/<eventId>/orders.csv         orders export (session, orders.manage)
 *   GET  /api/events/<eventId>/participants.csv   participants export (session, participants.export)
 *   GET  /api/admin/credit-batches/<id>/codes.csv a batch of redemption codes (session, platform admin)
 *   POST /api/accounts/<accountId>/credit-codes   redeem a code (session, same origin): 200 granted, 202 + operation pending
 *   POST /api/rooms/<roomId>/stage                one stage change as JSON (session, stage.manage)
 *   POST /api/bench/baseline                      one plain D1 insert; 404 unless GREENROOM_BENCH=1
 *   POST /api/rooms/<roomId>/recording            start or stop recording (session, same origin): 202 + operation
 *   GET  /api/operations/<operationId>            a cross-database operation, for the UI to follow (session)
 *   DELETE /api/events/<eventId>                  delete an event (session, same origin): 202 + operation
 */
export async function machinePost(request: Request, path: string[]): Promise<Response> {
  const [area, retailer, eventId, ...rest] = path;
  if (area === "hooks" && retailer && eventId && rest.length === 0) return webhook(request, retailer, eventId);
  if (area === "rooms" && retailer && eventId === "stage" && rest.length === 0) return stageChange(request, retailer);
  if (area === "rooms" && retailer && eventId === "recording" && rest.length === 0) return recording(request, retailer);
  if (area === "bench" && retailer === "baseline" && path.length === 2) return benchBaseline(request);
  if (area === "accounts" && retailer && eventId === "credit-codes" && rest.length === 0) return redeem(request, retailer);
  return notFound();
}

export async function machineGet(request: Request, path: string[]): Promise<Response> {
  const [area, eventId, file, ...rest] = path;
  if (area === "operations" && eventId && !file) return operation(eventId);
  if (area === "admin" && eventId === "credit-batches" && file && rest.length === 1 && rest[0] === "codes.csv") {
    try {
      const { ctx } = await requestContext();
      return csv(await codeBatchCsv({ ctx, input: requestInput({ batchId: file }) }));
    } catch (error) {
      return errorResponse(error);
    }
  }
  if (area !== "events" || !eventId || rest.length > 0) return notFound();
  const params = new URL(request.url).searchParams;
  try {
    if (file === "orders.csv") {
      const { ctx } = await requestContext();
      const input = Object.fromEntries(["retailer", "status", "ticketTypeId", "needsMapping"].map((k) => [k, params.get(k) ?? ""]));
      return csv(await exportOrdersCsv({ ctx, input: requestInput({ eventId, ...input }) }));
    }
    if (file === "participants.csv") {
      const { ctx } = await requestContext();
      return csv(await exportParticipantsCsv({ ctx, input: requestInput({ eventId, ...filtersFrom(params) }) }));
    }
  } catch (error) {
    return errorResponse(error);
  }
  return notFound();
}

const notFound = () => problem(404, "not_found", "No such endpoint.");

function csv({ filename, body }: { filename: string; body: ReadableStream<Uint8Array> }): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}

async function webhook(request: Request, retailer: string, eventId: string): Promise<Response> {
  const config = await appConfig();
  // The primary database, no session cookie: a retailer has no bookmark to keep.
  const ctx = domainContext(config, webappDb(config.bindings.WEBAPP_DB), null);
  try {
    return await handleWebhook(
      request,
      { retailer, eventId },
      {
        ctx,
        commerceKeys: config.commerceKeys,
        eventbriteApiBase: config.eventbriteApiBase,
        fetch: (input, init) => fetch(input, init),
        baseUrl: await publicBaseUrl(),
        defer: await runAfterResponse(),
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
 * One stage change as JSON: `{ action: "on_stage", userId | guestName, requestId? }` or `{ action: "off_stage", participantId, requestId? }`, by
 * the signed-in user (the verb checks stage.manage on the room). Only `application/json`, which a cross-site form
 * cannot send without a preflight, and the session cookie is SameSite=Lax. The answer sets the sessions-side
 * bookmark cookie, so the caller's next read sees the change.
 */
async function stageChange(request: Request, roomId: string): Promise<Response> {
  const body = await readJsonBody(request, { maxBytes: STAGE_BODY_LIMIT });
  if (!body.ok) return body.response;
  const value = body.value;
  const fields = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const verb = fields.action === "on_stage" ? putOnStage : fields.action === "off_stage" ? takeOffStage : null;
  if (!verb) {
    return problem(400, "invalid", "Unknown action", { fieldErrors: { action: ['Use "on_stage" or "off_stage"'] } });
  }
  try {
    const { ctx, commit } = await requestContext();
    const entry = await verb({ ctx, input: requestInput({ ...fields, roomId }) });
    await commit();
    return Response.json(entry);
  } catch (error) {
    return errorResponse(error);
  }
}

/** The benchmark's baseline: read the body and do one plain D1 insert. */
async function benchBaseline(request: Request): Promise<Response> {
  const config = await appConfig();
  if (!config.bench) return notFound();
  const body = await request.text();
  await config.bindings.WEBAPP_DB.prepare(
    "INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at) VALUES (?, ?, ?, ?, ?)",
  )
    .bind(crypto.randomUUID(), "bench@baseline.invalid", "baseline", body.slice(0, 100), Math.floor(Date.now() / 1000))
    .run();
  return Response.json({ ok: true });
}

const RECORDING_BODY_LIMIT = 4096;
// `requestId` is the caller's idempotency key; the verb validates it (a line break is a 400) and mints the operation id.
const RecordingRequest = z.object({ action: z.enum(["start", "stop"]), requestId: z.string().max(200).optional() });

/**
 * Starts or stops a room's recording for a signed-in host. Same origin only (a cross-site form cannot carry the JSON
 * content type, and `Origin` must match): the session cookie alone is not enough. Answers 202 with the operation to follow.
 */
export async function machineDelete(request: Request, path: string[]): Promise<Response> {
  const [area, eventId, ...rest] = path;
  if (area !== "events" || !eventId || rest.length > 0) return notFound();
  if (!sameOrigin(request)) return problem(403, "forbidden", "Same-origin requests only.");
  const requestId = request.headers.get("idempotency-key") ?? undefined;
  if (requestId !== undefined && !IDEMPOTENCY_KEY.test(requestId)) {
    return problem(400, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  try {
    const { ctx, commit } = await requestContext();
    const { operation: started } = await deleteEvent({ ctx, input: { eventId, requestId } });
    await commit();
    return accepted(started);
  } catch (error) {
    return errorResponse(error);
  }
}

/** The header's syntax only (visible ASCII, no spaces); the verb's schema decides what it accepts beyond that. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** A flow's answer: 202 and where to follow it while it runs; 200 once it has ended (a repeated request). */
function accepted(started: { id: string; state: string; done: boolean }): Response {
  // Operation ids are minted (CUID2); an older row's id is still encoded before it goes into a header.
  const location = `/api/operations/${encodeURIComponent(started.id)}`;
  return Response.json({ operationId: started.id, state: started.state, location }, { status: started.done ? 200 : 202, headers: { location } });
}

async function recording(request: Request, roomId: string): Promise<Response> {
  if (!sameOrigin(request)) return problem(403, "forbidden", "Same-origin requests only.");
  const body = await readJsonBody(request, { maxBytes: RECORDING_BODY_LIMIT });
  if (!body.ok) return body.response;
  const parsed = RecordingRequest.safeParse(body.value);
  if (!parsed.success) return problem(400, "invalid", 'Send { "action": "start" | "stop" }');
  try {
    const { ctx, commit } = await requestContext();
    const verb = parsed.data.action === "start" ? startRecording : stopRecording;
    const { operation: started } = await verb({ ctx, input: { roomId, requestId: parsed.data.requestId } });
    await commit();
    return accepted(started);
  } catch (error) {
    return errorResponse(error);
  }
}

const RedeemRequest = z.object({ code: z.string().max(40) });

/**
 * Redeems a code for an account its signed-in owner names (JSON `{ "code": "…" }`, same origin). 200 with the
 * balance when the credit landed; 202 with the grant's operation (`Location`) when the shard write failed and the
 * grant flow finishes it; field errors as problem+json.
 */
async function redeem(request: Request, accountId: string): Promise<Response> {
  if (!sameOrigin(request)) return problem(403, "forbidden", "Same-origin requests only.");
  const body = await readJsonBody(request, { maxBytes: RECORDING_BODY_LIMIT });
  if (!body.ok) return body.response;
  const parsed = RedeemRequest.safeParse(body.value);
  if (!parsed.success) return problem(400, "invalid", 'Send { "code": "<the code>" }');
  try {
    const { ctx, commit } = await requestContext();
    const result = await redeemCreditCode({ ctx, input: { accountId, code: parsed.data.code, ip: clientIpFrom(request.headers) } });
    await commit();
    if (result.status === "granted") return Response.json(result);
    const location = `/api/operations/${encodeURIComponent(result.operation.id)}`;
    return Response.json({ status: result.status, minutes: result.minutes, operationId: result.operation.id, location }, { status: 202, headers: { location } });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The browser's `Origin` names this site's host (as the request reached us: behind a proxy, the URL may be internal). */
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

async function operation(operationId: string): Promise<Response> {
  try {
    const { ctx } = await requestContext();
    return Response.json(operationJson(await getOperation({ ctx, input: { operationId } })), {
      headers: { "cache-control": "private, no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

function operationJson(op: OperationView) {
  return {
    id: op.id,
    kind: op.kind,
    subject: { type: op.subjectType, id: op.subjectId },
    state: op.state,
    step: op.step,
    done: op.done,
    lastError: op.lastError,
    attempts: op.attempts,
    result: op.result,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
  };
}
