import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { problem } from "@greenroom/domain/http";
import { bodyLimit } from "hono/body-limit";
import { authenticated } from "./auth";
import { type ApiEnv, configOf } from "./context";
import { idempotent } from "./idempotency";
import { serveMcp } from "./mcp/server";
import { oauthRoutes } from "./oauth/routes";
import { errorResponse, Problem } from "./problem";
import { commerceRoutes } from "./routes/commerce";
import { eventRoutes } from "./routes/events";
import { peopleRoutes } from "./routes/people";
import { machineRoutes } from "./routes/machine";
import { operationRoutes } from "./routes/operations";
import { securityHeaders } from "./security-headers";

/** Largest request body the API reads. */
export const API_BODY_LIMIT = 64 * 1024;

/**
 * The API Worker's one router: /api/v1 (REST, its OpenAPI document generated from the routes' zod schemas). Every
 * answer that is not a success is problem+json with a stable `code`.
 */
export function createApp(): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    // A request that fails a route's schema: 400 with one message per field, before any verb runs.
    defaultHook: (result) => {
      if (result.success) return;
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of result.error.issues) {
        const field = issue.path.map(String).join(".") || "_form";
        fieldErrors[field] ??= [issue.message];
      }
      return problem(400, "invalid", "Some fields need attention", { fieldErrors });
    },
  });

  app.use("*", securityHeaders);
  app.use(
    "/api/v1/*",
    bodyLimit({ maxSize: API_BODY_LIMIT, onError: () => problem(413, "too_large", `Send at most ${API_BODY_LIMIT / 1024} KiB.`) }),
  );
  const open = (path: string) => path === "/api/v1/openapi.json" || path === "/api/v1/health";
  app.use("/api/v1/*", async (c, next) => (open(c.req.path) ? next() : authenticated(c, next)));
  app.use("/api/v1/*", async (c, next) => (open(c.req.path) ? next() : idempotent(c, next)));

  // For load balancers and uptime checks, and the benchmark's one-query baseline: one D1 read, no key.
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/health",
      summary: "Health check",
      description: "One database read, no key needed.",
      responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ ok: z.boolean(), shards: z.number() }) } } } },
    }),
    async (c) => {
      const row = await configOf(c.env).bindings.WEBAPP_DB.prepare("SELECT COUNT(*) AS n FROM shards").first<{ n: number }>();
      return c.json({ ok: true, shards: row?.n ?? 0 }, 200, { "cache-control": "no-store" });
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/me",
      summary: "The key in use",
      description: "Who the key acts as, in which account, with which scopes and events.",
      security: [{ bearerAuth: [] }],
      responses: {
        200: {
          description: "The key",
          content: {
            "application/json": {
              schema: z.object({
                userId: z.string(),
                accountId: z.string(),
                keyId: z.string(),
                scopes: z.array(z.string()),
                eventIds: z.array(z.string()).nullable(),
              }),
            },
          },
        },
        401: { description: "No valid API key", content: { "application/problem+json": { schema: Problem } } },
      },
    }),
    (c) => {
      const caller = c.get("caller");
      const eventIds = caller.key.eventIds ? [...caller.key.eventIds] : null;
      return c.json({ userId: caller.userId, accountId: caller.key.accountId, keyId: caller.key.id, scopes: caller.scopes, eventIds }, 200);
    },
  );

  // MCP (Streamable HTTP, stateless): POST carries every message; GET and DELETE get the SDK's 405.
  app.all("/mcp", (c) => serveMcp(c));
  // OAuth 2.1 for /mcp: metadata, registration, tokens; the consent page's internal calls (apps/api/src/oauth).
  oauthRoutes(app);

  eventRoutes(app);
  commerceRoutes(app);
  peopleRoutes(app);
  operationRoutes(app);
  // The browser's, retailers' and the benchmark's endpoints (session cookie or signature; not in the OpenAPI document).
  machineRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key (grk_...) made on the API keys page of Greenroom.",
  });
  app.doc31("/api/v1/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Greenroom API",
      version: "1.0.0",
      description:
        "Events, rooms, recording and operations of a Greenroom account, as the API key's user may see and change them. Errors are application/problem+json with a stable `code`; POSTs accept Idempotency-Key.",
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));

  app.notFound(() => problem(404, "not_found", "No such endpoint."));
  app.onError((error) => errorResponse(error));
  return app;
}
