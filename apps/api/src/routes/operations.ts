import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getOperation, startRecording, stopRecording } from "@greenroom/domain/operations";
import { requireScope } from "../auth";
import type { ApiEnv } from "../context";
import { Problem } from "../problem";
import { OperationOut, operationOut } from "../views";

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: Problem } } });
const security = [{ bearerAuth: [] }];

export function operationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/rooms/{roomId}/recording",
      summary: "Start or stop a room's recording",
      description:
        "Starts the cross-database flow and answers 202 with the operation to follow (200 once a repeated request finds it ended). The Idempotency-Key, when sent, is also the flow's own key.",
      security,
      request: {
        params: z.object({ roomId: z.string().min(1).max(64) }),
        body: { required: true, content: { "application/json": { schema: z.object({ action: z.enum(["start", "stop"]) }) } } },
      },
      responses: {
        200: { description: "The flow had already ended", content: { "application/json": { schema: OperationOut } } },
        202: { description: "The flow is running; follow the operation", content: { "application/json": { schema: OperationOut } } },
        400: problem("Invalid input"),
        401: problem("No valid API key"),
        403: problem("The key or its user may not do this"),
        404: problem("No such room"),
        409: problem("Conflicts with the room's state"),
      },
    }),
    async (c) => {
      requireScope(c, "recording:write");
      const { action } = c.req.valid("json");
      const ctx = c.get("ctx");
      const verb = action === "start" ? startRecording : stopRecording;
      const requestId = c.req.header("idempotency-key");
      const { operation: started } = await verb({ ctx, input: { roomId: c.req.valid("param").roomId, requestId } });
      const op = await getOperation({ ctx, input: { operationId: started.id } });
      const out = operationOut(new URL(c.req.url).origin, op);
      return c.json(out, started.done ? 200 : 202, { location: out.url });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/operations/{operationId}",
      summary: "Follow an operation",
      security,
      request: { params: z.object({ operationId: z.string().min(1).max(64) }) },
      responses: {
        200: { description: "The operation", content: { "application/json": { schema: OperationOut } } },
        401: problem("No valid API key"),
        403: problem("The key lacks the scope"),
        404: problem("No such operation"),
      },
    }),
    async (c) => {
      requireScope(c, "recording:read");
      const op = await getOperation({ ctx: c.get("ctx"), input: c.req.valid("param") });
      return c.json(operationOut(new URL(c.req.url).origin, op), 200, { "cache-control": "no-store" });
    },
  );
}
