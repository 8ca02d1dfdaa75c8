// Local only (pnpm bench, and the e2e suite with its round-trip test; config written by scripts/bench-config.mjs):
// the built webapp Worker with its WEBAPP_DB binding wrapped by a counter. A request that sends `x-count-d1: 1` gets its body buffered and the number of D1 round trips it caused
// (statements run one by one, and batches) in `x-d1-round-trips`. Never deployed: the top-level wrangler.jsonc
// points at apps/webapp/worker.ts (the live room's WebSocket path, then OpenNext's worker).
import webapp from "../../apps/webapp/worker.ts";
import { countingD1 } from "../../packages/domain/test/counting-d1.ts";

export * from "../../apps/webapp/worker.ts";

const NULL_BODY = new Set([101, 204, 205, 304]);

export default {
  async fetch(request, env, ctx) {
    const counted = countingD1(env.WEBAPP_DB);
    const response = await webapp.fetch(request, { ...env, WEBAPP_DB: counted.db }, ctx);
    if (request.headers.get("x-count-d1") !== "1") return response;
    const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
    const headers = new Headers(response.headers);
    // A request this Worker forwarded (to the API Worker's counted copy, bench/api/worker.js) was counted there, and
    // its answer carries that count: add it, so every round trip of the request is reported.
    const inner = Number(response.headers.get("x-d1-round-trips") ?? 0);
    headers.set("x-d1-round-trips", String(counted.roundTrips() + inner));
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  },
};
