// The webapp Worker's entry (wrangler.jsonc `main`): the live room's WebSocket path, then OpenNext's worker for
// everything else. Outside Next's tsconfig, since OpenNext writes .open-next/worker.js only after `next build`; the
// logic is in src/server/live-upgrade.ts, type-checked and tested. It imports nothing heavy: it is bundled apart
// from the Next server, so each of its dependencies is copied into the deploy once more.
import openNext from "./.open-next/worker.js";
import { handleLiveUpgrade, isLivePath } from "./src/server/live-upgrade";

// Durable Object classes and anything else OpenNext's worker exports.
export * from "./.open-next/worker.js";

export default {
  fetch(request: Request, env: CloudflareEnv & { AUTH_SECRET?: string }, ctx: ExecutionContext): Promise<Response> {
    if (isLivePath(new URL(request.url).pathname)) return handleLiveUpgrade(request, env);
    return openNext.fetch(request, env, ctx);
  },
};
