import { webappDb } from "@greenroom/db/webapp/client";
import { exportOrdersCsv } from "@greenroom/domain/orders";
import { exportParticipantsCsv } from "@greenroom/domain/participants";
import { handleWebhook } from "@greenroom/domain/webhooks";
import { filtersFrom } from "@/app/events/[eventId]/participants/filters";
import { appConfig, cloudflareEnv, requestContext } from "./context";
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
 *   POST /api/bench/baseline                      one plain D1 insert; 404 unless GREENROOM_BENCH=1
 */
export async function machinePost(request: Request, path: string[]): Promise<Response> {
  const [area, retailer, eventId, ...rest] = path;
  if (area === "hooks" && retailer && eventId && rest.length === 0) return webhook(request, retailer, eventId);
  if (area === "bench" && retailer === "baseline" && path.length === 2) return benchBaseline(request);
  return notFound();
}

export async function machineGet(request: Request, path: string[]): Promise<Response> {
  const [area, eventId, file, ...rest] = path;
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

const notFound = () => Response.json({ error: "Not found" }, { status: 404 });

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
      },
    );
  } catch (error) {
    // The error's name only: messages could carry payload fragments, and secrets never reach a log.
    console.error("[webhook] failed", error instanceof Error ? error.name : typeof error);
    return Response.json({ error: "Internal error; retry later" }, { status: 500 });
  }
}

/** The benchmark's baseline: read the body and do one plain D1 insert. */
async function benchBaseline(request: Request): Promise<Response> {
  const env = (await cloudflareEnv()) as CloudflareEnv & { GREENROOM_BENCH?: string };
  if (env.GREENROOM_BENCH !== "1") return notFound();
  const body = await request.text();
  const config = await appConfig();
  await config.bindings.WEBAPP_DB.prepare(
    "INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at) VALUES (?, ?, ?, ?, ?)",
  )
    .bind(crypto.randomUUID(), "bench@baseline.invalid", "baseline", body.slice(0, 100), Math.floor(Date.now() / 1000))
    .run();
  return Response.json({ ok: true });
}
