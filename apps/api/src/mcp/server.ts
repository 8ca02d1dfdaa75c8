import { API_KEY_PREFIX, API_SCOPES, scopeHeld } from "@greenroom/domain/api-keys";
import { isDomainError } from "@greenroom/domain/errors";
import { type CallToolResult, createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import { bearerCaller, bearerSecret } from "../auth";
import { type ApiEnv, configOf } from "../context";
import { oauthCaller, withMcpChallenge } from "../oauth/bearer";
import { type McpSession, type McpTool, TOOLS, toolErrorText } from "./tools";

/** Largest MCP request body read, as for /api/v1. */
const MCP_BODY_LIMIT = 64 * 1024;

/** Whether the caller's key may use a tool: its scope, or for `full` every scope and every event. */
export function mayUse(session: Pick<McpSession, "caller">, tool: Pick<McpTool, "scope">): boolean {
  const { scopes, key } = session.caller;
  if (tool.scope === "full") return key.eventIds === null && API_SCOPES.every((s) => scopeHeld(scopes, s));
  return scopeHeld(scopes, tool.scope);
}

const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }], isError: true });

/**
 * A fresh server for one request, with only the tools the caller's key may use registered: `tools/list` shows
 * exactly those, and calling another one is an unknown tool. Each tool runs its verb as the caller; a domain error
 * becomes a tool result with isError and its message (not found the same for every id it cannot see).
 */
export function mcpServerFor(session: McpSession): McpServer {
  const server = new McpServer(
    { name: "greenroom", title: "Greenroom", version: "1.0.0" },
    {
      instructions:
        "Run Greenroom events as the API key's user: list and create events with rooms, publish, add ticket types, invite people, check tickets in, record rooms and follow the operations. Destructive tools need confirm: true; ask the person first.",
    },
  );
  for (const tool of TOOLS) {
    if (!mayUse(session, tool)) continue;
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        if (tool.confirm && args.confirm !== true) {
          return text(`${tool.confirm(args)} Ask the person; if they agree, call ${tool.name} again with confirm: true.`);
        }
        try {
          const out = await tool.run(session, args as never);
          return { content: [{ type: "text", text: JSON.stringify(out) }], structuredContent: out };
        } catch (error) {
          if (isDomainError(error) && (error.code === "not_found" || error.code === "forbidden")) session.refused = true;
          return text(toolErrorText(error));
        }
      },
    );
  }
  return server;
}

// One stateless handler for the Worker: the 2026-07-28 revision, and the stateless fallback for 2025-era clients.
// Each request gets a fresh server from the factory, built for the caller in its authInfo (an API key today; an
// OAuth token can hand in the same McpSession later).
const handler = createMcpHandler(
  ({ authInfo }) => {
    const session = authInfo?.extra?.session as McpSession | undefined;
    if (!session) throw new Error("MCP request without an authenticated caller");
    return mcpServerFor(session);
  },
  { legacy: "stateless", maxRequestBodySize: MCP_BODY_LIMIT },
);

/**
 * `/mcp`: the bearer caller (as /api/v1 takes it: 401 with a Bearer challenge, 429), then the MCP handler. As for
 * /api/v1, a call that a tool refused as not found or forbidden authenticates afresh, so a key revoked within the
 * caller cache's few seconds gets its 401.
 */
export async function serveMcp(c: Context<ApiEnv>): Promise<Response> {
  const origin = new URL(c.req.url).origin;
  c.set("config", configOf(c.env));
  const secret = bearerSecret(c.req.header("authorization"));
  // An API key (grk_...) as /api/v1 takes it; anything else is an OAuth access token of this server's provider.
  const auth = !secret || secret.startsWith(API_KEY_PREFIX) ? await bearerCaller(c) : await oauthCaller(c, secret);
  if (auth instanceof Response) return withMcpChallenge(auth, origin, secret !== null);
  const session: McpSession = { caller: auth.caller, ctx: auth.ctx, origin, refused: false };
  // The token field holds the key's id, never the secret: nothing downstream needs the secret again.
  const response = await handler.fetch(c.req.raw, {
    authInfo: { token: auth.caller.key.id, clientId: auth.caller.key.id, scopes: auth.caller.scopes, extra: { session } },
  });
  const refused = session.refused ? await auth.recheck() : null;
  return refused ? withMcpChallenge(refused, origin, true) : response;
}
