import { webappConfig } from "@greenroom/config/env";
import { webappDb } from "@greenroom/db/webapp/client";
import { CommerceKeyring } from "@greenroom/domain/commerce";
import { handleWebhook } from "@greenroom/domain/webhooks";
import { domainContext } from "./domain-context";

/** Machine endpoints served by the custom Worker entry (`apps/webapp/worker.ts`) in front of OpenNext's handler. */
export const MACHINE_PREFIX = "/api/hooks/";

const HOOK_PATH = /^\/api\/hooks\/([a-z]{1,20})\/([A-Za-z0-9_-]{1,64})\/?$/;

// Parsed once per COMMERCE_KEYS value (per isolate in practice); the keyring never prints its key bytes.
const keyrings = new Map<string, CommerceKeyring>();
function keyringFor(keys: string | null): CommerceKeyring | null {
  if (!keys) return null;
  let keyring = keyrings.get(keys);
  if (!keyring) {
    keyring = CommerceKeyring.parse(keys);
    keyrings.set(keys, keyring);
  }
  return keyring;
}

/**
 * Answers a machine request (`/api/hooks/<retailer>/<eventId>`, and the benchmark's baseline when
 * GREENROOM_BENCH=1), or returns null for everything else, which OpenNext serves. No Next.js code runs here, so the
 * webhook path adds only the domain code it uses to the Worker, not another copy of the server bundle.
 */
export async function machineResponse(request: Request, env: CloudflareEnv): Promise<Response | null> {
  const url = new URL(request.url);
  if (url.pathname === "/dev/bench-hooks-baseline") return benchBaseline(request, env);
  if (!url.pathname.startsWith(MACHINE_PREFIX)) return null;
  const match = HOOK_PATH.exec(url.pathname);
  if (!match?.[1] || !match[2]) return Response.json({ error: "Not found" }, { status: 404 });
  const config = webappConfig(env);
  const ctx = domainContext(config, webappDb(config.bindings.WEBAPP_DB), null);
  try {
    return await handleWebhook(
      request,
      { retailer: match[1], eventId: match[2] },
      { ctx, keyring: keyringFor(config.commerceKeys), eventbriteApiBase: config.eventbriteApiBase, fetch: (input, init) => fetch(input, init) },
    );
  } catch (error) {
    // The name only: messages could carry payload fragments, and secrets never reach a log.
    console.error("webhook failed:", error instanceof Error ? error.name : "unknown error");
    return Response.json({ error: "Internal error; retry later" }, { status: 500 });
  }
}

/** The benchmark's baseline: read the JSON body and do one plain D1 insert. A 404 unless GREENROOM_BENCH=1. */
async function benchBaseline(request: Request, env: CloudflareEnv): Promise<Response> {
  if ((env as { GREENROOM_BENCH?: string }).GREENROOM_BENCH !== "1" || request.method !== "POST") {
    return new Response("Not found", { status: 404 });
  }
  const body = await request.text();
  const id = crypto.randomUUID();
  await webappConfig(env)
    .bindings.WEBAPP_DB.prepare("INSERT INTO mail_outbox (id, to_address, subject, body_text, created_at) VALUES (?, ?, ?, ?, ?)")
    .bind(id, "bench@baseline.invalid", "baseline", body.slice(0, 100), Math.floor(Date.now() / 1000))
    .run();
  return Response.json({ ok: true, id });
}
