// Local only (pnpm bench's webhook part; config written by `node scripts/bench-config.mjs OUT --api`): the API Worker
// with its WEBAPP_DB binding wrapped by a counter, as bench/pages/worker.js wraps the webapp. A request that sends
// `x-count-d1: 1` gets the D1 round trips it caused in `x-d1-round-trips`; the webapp's wrapper adds them to its
// own when it forwarded the request here. Never deployed: apps/api/wrangler.jsonc points at apps/api/src/index.ts.
import api from "../../apps/api/src/index.ts";
import { countingD1 } from "../../packages/domain/test/counting-d1.ts";

const NULL_BODY = new Set([101, 204, 205, 304]);

export default {
  async fetch(request, env, ctx) {
    const counted = countingD1(env.WEBAPP_DB);
    const response = await api.fetch(request, { ...env, WEBAPP_DB: counted.db }, ctx);
    if (request.headers.get("x-count-d1") !== "1") return response;
    const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
    const headers = new Headers(response.headers);
    headers.set("x-d1-round-trips", String(counted.roundTrips()));
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  },
};
