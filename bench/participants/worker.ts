// The participants benchmark Worker (scripts/bench.sh): the real listParticipants verb over a seeded local D1.
// GET /page?mode=keyset&cursor=… runs the verb; GET /page?mode=offset&offset=n runs the same authorization and page
// query with LIMIT/OFFSET instead of a cursor, as the baseline. GET /deep-cursor?offset=n gives the cursor that
// starts a keyset page at row n. Each page answers with its D1 round trips in `x-d1-round-trips`. GET /export reads
// the whole CSV export inside the Worker and answers with its size and round trips.
import { webappDb } from "@greenroom/db/webapp/client";
import { authorizeAndRead } from "@greenroom/domain/access";
import type { Ctx } from "@greenroom/domain/context";
import { exportParticipantsCsv, listParticipants } from "@greenroom/domain/participants";
import { sql } from "drizzle-orm";
import { encodeCursor } from "../../packages/domain/src/participants/schemas";
import { countingD1 } from "../../packages/domain/test/counting-d1";

type Env = { WEBAPP_DB: D1Database };

const EVENT_ID = "bench_event";
const ORGANIZER_ID = "bench_organizer";
const PAGE_SIZE = 50;

const unused = new Proxy({}, {
  get() {
    throw new Error("the participants benchmark uses only the database");
  },
});

function benchCtx(db: D1Database): Ctx {
  return {
    db: webappDb(db),
    stage: unused as Ctx["stage"],
    mail: unused as Ctx["mail"],
    actor: { userId: ORGANIZER_ID },
    now: () => new Date(),
  };
}

// The product's page query (packages/domain/src/participants/query.ts) with OFFSET instead of a keyset cursor.
const offsetPageQuery = (offset: number) => sql`
  SELECT g.id AS entry_id, 'member' AS status, g.user_id AS user_id, u.email AS email, u.name AS name,
         g.role_id AS role_id, r.name AS role_name, g.room_id AS room_id, rm.name AS room_name,
         g.created_at AS created_at
  FROM access_grants g
  JOIN users u ON u.id = g.user_id
  JOIN roles r ON r.id = g.role_id
  LEFT JOIN rooms rm ON rm.id = g.room_id
  WHERE g.event_id = ${EVENT_ID}
  UNION ALL
  SELECT p.id AS entry_id, 'pending' AS status, NULL AS user_id, p.email AS email, p.email AS name,
         p.role_id AS role_id, r.name AS role_name, p.room_id AS room_id, rm.name AS room_name,
         p.created_at AS created_at
  FROM pending_profiles p
  JOIN roles r ON r.id = p.role_id
  LEFT JOIN rooms rm ON rm.id = p.room_id
  WHERE p.event_id = ${EVENT_ID}
  ORDER BY created_at DESC, entry_id DESC LIMIT ${PAGE_SIZE + 1} OFFSET ${offset}`;

type Row = { entry_id: string; created_at: number };

async function page(env: Env, url: URL): Promise<Response> {
  const counted = countingD1(env.WEBAPP_DB);
  const ctx = benchCtx(counted.db);
  let entryIds: string[];
  let more: boolean;
  if (url.searchParams.get("mode") === "offset") {
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const [, rows] = await authorizeAndRead<Row>(ctx, "participants.view", { kind: "event", eventId: EVENT_ID }, offsetPageQuery(offset));
    entryIds = rows.slice(0, PAGE_SIZE).map((r) => r.entry_id);
    more = rows.length > PAGE_SIZE;
  } else {
    const after = url.searchParams.get("cursor") || undefined;
    const result = await listParticipants({ ctx, input: { eventId: EVENT_ID, after, limit: PAGE_SIZE } });
    entryIds = result.entries.map((e) => e.entryId);
    more = result.nextCursor !== null;
  }
  return Response.json({ entryIds, more }, { headers: { "x-d1-round-trips": String(counted.roundTrips()) } });
}

/** The keyset cursor whose page starts at row `offset` (0-based): the key of the row just before it. */
async function deepCursor(env: Env, url: URL): Promise<Response> {
  const offset = Number(url.searchParams.get("offset") ?? 0);
  const [, rows] = await authorizeAndRead<Row>(
    benchCtx(env.WEBAPP_DB),
    "participants.view",
    { kind: "event", eventId: EVENT_ID },
    offsetPageQuery(offset - 1),
  );
  const row = rows[0];
  if (!row) return new Response("no such row", { status: 404 });
  return Response.json({ cursor: encodeCursor({ createdAt: row.created_at, entryId: row.entry_id }) });
}

async function exportSummary(env: Env): Promise<Response> {
  const counted = countingD1(env.WEBAPP_DB);
  const { body } = await exportParticipantsCsv({ ctx: benchCtx(counted.db), input: { eventId: EVENT_ID } });
  const csv = await new Response(body).text();
  const lines = csv.split("\n").filter(Boolean).length;
  return Response.json({ bytes: csv.length, lines, roundTrips: counted.roundTrips() });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/page") return page(env, url);
    if (url.pathname === "/deep-cursor") return deepCursor(env, url);
    if (url.pathname === "/export") return exportSummary(env);
    return new Response("not found", { status: 404 });
  },
};
