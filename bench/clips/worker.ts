// The clip generation benchmark Worker (scripts/bench-clips.sh): a three-hour recording with 200 participants and
// 10,000 stage events on a local sessions shard, and the real generateClips over it.
//   POST /seed            a fresh session with its events; answers { sessionId, events }
//   POST /generate?session=…  generateClips on it; answers the counts (run twice: the second inserts nothing)
//   POST /baseline?session=…&rows=n  a plain bulk insert of n clip rows for that session (the same json_each insert
//                         generateClips uses, without reading or pairing events), the baseline
import { sessionsDb } from "@greenroom/db/sessions/client";
// By path, as the participants bench does: the repository root depends on @greenroom/db and domain, not stage.
import { generateClips } from "../../packages/stage/src/clips";

const createId = () => crypto.randomUUID();

type Env = { SESSIONS_DB: D1Database };

const ACCOUNT_ID = "bench_account";
const EVENT_ID = "bench_event";
const PARTICIPANTS = 200;
const PAIRS_PER_PARTICIPANT = 25; // 200 × 25 pairs × 2 = 10,000 events
const RECORDING_MS = 3 * 3600 * 1000;
const STARTED_AT = 1_800_000_000_000;
const ROWS_PER_STATEMENT = 500;

type SeedEvent = { id: string; p: string; n: string; u: string | null; a: "on_stage" | "off_stage"; at: number; seq?: number };

/** Each participant enters and leaves 25 times, once in each 7.2-minute window, for 30 s to 2 minutes. */
function stageEvents(): SeedEvent[] {
  const windowMs = RECORDING_MS / PAIRS_PER_PARTICIPANT;
  const events: SeedEvent[] = [];
  for (let p = 0; p < PARTICIPANTS; p++) {
    const guest = p % 10 === 9;
    const who = { p: guest ? `guest:bench-${p}` : `user:bench-${p}`, n: `Participant ${p}`, u: guest ? null : `bench-user-${p}` };
    for (let k = 0; k < PAIRS_PER_PARTICIPANT; k++) {
      const on = k * windowMs + ((p * 997) % 200_000);
      const off = on + 30_000 + ((p * 131 + k * 17) % 90_000);
      events.push({ id: createId(), ...who, a: "on_stage", at: on }, { id: createId(), ...who, a: "off_stage", at: off });
    }
  }
  events.sort((a, b) => a.at - b.at || a.p.localeCompare(b.p));
  return events.map((e, i) => ({ ...e, seq: i + 1 }));
}

async function seed(env: Env): Promise<Response> {
  const sessionId = createId();
  const roomId = `bench_room_${sessionId}`;
  const events = stageEvents();
  const statements = [
    env.SESSIONS_DB.prepare(
      `INSERT INTO recording_sessions (id, account_id, event_id, room_id, status, started_at, ended_at, created_at)
       VALUES (?, ?, ?, ?, 'stopped', ?, ?, 0)`,
    ).bind(sessionId, ACCOUNT_ID, EVENT_ID, roomId, STARTED_AT, STARTED_AT + RECORDING_MS),
  ];
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      env.SESSIONS_DB.prepare(
        `INSERT INTO stage_events (id, account_id, event_id, room_id, session_id, participant_id, participant_name, user_id,
           action, seq, actor_id, occurred_at, offset_ms)
         SELECT value ->> '$.id', ?1, ?2, ?3, ?4, value ->> '$.p', value ->> '$.n', value ->> '$.u', value ->> '$.a',
                value ->> '$.seq', 'bench_host', ?5 + (value ->> '$.at'), value ->> '$.at'
         FROM json_each(?6)`,
      ).bind(ACCOUNT_ID, EVENT_ID, roomId, sessionId, STARTED_AT, JSON.stringify(events.slice(i, i + ROWS_PER_STATEMENT))),
    );
  }
  await env.SESSIONS_DB.batch(statements);
  return Response.json({ sessionId, events: events.length });
}

async function generate(env: Env, sessionId: string): Promise<Response> {
  const counts = await generateClips(sessionsDb(env.SESSIONS_DB), {
    accountId: ACCOUNT_ID,
    sessionId,
    endOffsetMs: RECORDING_MS,
    nowMs: STARTED_AT + RECORDING_MS,
  });
  return Response.json(counts);
}

async function baseline(env: Env, sessionId: string, rows: number): Promise<Response> {
  const clips = Array.from({ length: rows }, (_, i) => ({
    id: createId(),
    p: `user:baseline-${i % PARTICIPANTS}`,
    n: `Participant ${i % PARTICIPANTS}`,
    u: `baseline-user-${i % PARTICIPANTS}`,
    s: i * 1000,
    e: i * 1000 + 500,
  }));
  const statements = [];
  for (let i = 0; i < clips.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      env.SESSIONS_DB.prepare(
        `INSERT INTO participant_clips (id, account_id, event_id, room_id, session_id, participant_id, participant_name,
           user_id, start_offset_ms, end_offset_ms, status, created_at)
         SELECT value ->> '$.id', ?1, ?2, 'bench_room', ?3, value ->> '$.p', value ->> '$.n', value ->> '$.u',
                value ->> '$.s', value ->> '$.e', 'pending', 0
         FROM json_each(?4) WHERE true ON CONFLICT DO NOTHING`,
      ).bind(ACCOUNT_ID, EVENT_ID, sessionId, JSON.stringify(clips.slice(i, i + ROWS_PER_STATEMENT))),
    );
  }
  const results = await env.SESSIONS_DB.batch(statements);
  return Response.json({ inserted: results.reduce((sum, r) => sum + (r.meta.changes ?? 0), 0) });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const session = url.searchParams.get("session") ?? "";
    if (request.method === "GET" && url.pathname === "/health") return Response.json({ ok: true });
    if (request.method !== "POST") return new Response("Not found", { status: 404 });
    if (url.pathname === "/seed") return seed(env);
    if (url.pathname === "/generate" && session) return generate(env, session);
    if (url.pathname === "/baseline" && session) return baseline(env, session, Number(url.searchParams.get("rows") ?? "0"));
    return new Response("Not found", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
