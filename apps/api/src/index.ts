import { createApp } from "./app";

// The API Worker. The webapp Worker forwards /api/v1 (and, later, /mcp and OAuth) here over its API service binding.
const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
