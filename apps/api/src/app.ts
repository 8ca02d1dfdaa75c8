import { OpenAPIHono } from "@hono/zod-openapi";
import { problem } from "@greenroom/domain/http";
import { bodyLimit } from "hono/body-limit";
import { authenticated } from "./auth";
import type { ApiEnv } from "./context";
import { idempotent } from "./idempotency";
import { errorResponse } from "./problem";
import { eventRoutes } from "./routes/events";
import { operationRoutes } from "./routes/operations";

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

  app.use(
    "/api/v1/*",
    bodyLimit({ maxSize: API_BODY_LIMIT, onError: () => problem(413, "too_large", `Send at most ${API_BODY_LIMIT / 1024} KiB.`) }),
  );
  app.use("/api/v1/*", async (c, next) => (c.req.path === "/api/v1/openapi.json" ? next() : authenticated(c, next)));
  app.use("/api/v1/*", async (c, next) => (c.req.path === "/api/v1/openapi.json" ? next() : idempotent(c, next)));

  eventRoutes(app);
  operationRoutes(app);

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
