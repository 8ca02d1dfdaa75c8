// The live fan-out benchmark's webapp Worker (scripts/bench.sh, BENCH_ONLY=live; config written by
// scripts/bench-config.mjs with this file as `main`; local only, never deployed): the real webapp entry
// (apps/webapp/worker.ts: the live WebSocket path, then OpenNext) plus two bench routes.
//   GET  /bench/live/token?viewers=N  a token for the demo room for each of N bench viewers (bench-only users, made on
//        first use: a room takes at most 5 sockets per user), signed as the room page signs it.
//   POST /bench/live/change one stage change of the demo room (a guest on, then off, alternately) through the same
//        service binding call the putOnStage verb makes (WORKERS.recordStageEvent, which publishes to the room).
import { DEMO_ORGANIZER as demo } from "@greenroom/config/demo";
import type { StageApi } from "@greenroom/stage/contract";
import webapp from "../../apps/webapp/worker";
import { signLiveToken } from "../../apps/webapp/src/server/live-token";

export * from "../../apps/webapp/worker";

type Env = { WEBAPP_DB: D1Database; WORKERS: Fetcher & StageApi; AUTH_SECRET: string };

let changes = 0;

async function demoShard(db: D1Database): Promise<string> {
  // The demo account's shard, assigned on first use as the pages do (the seed leaves it unassigned).
  await db
    .prepare("INSERT INTO account_shards (account_id, shard_id, pinned, assigned_at) VALUES (?, '0000', 0, 0) ON CONFLICT(account_id) DO NOTHING")
    .bind(demo.accountId)
    .run();
  const row = await db.prepare("SELECT shard_id FROM account_shards WHERE account_id = ?").bind(demo.accountId).first<{ shard_id: string }>();
  return row?.shard_id ?? "0000";
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/bench/live/token") {
      const count = Math.min(1000, Math.max(1, Number(new URL(request.url).searchParams.get("viewers")) || 1));
      const ids = Array.from({ length: count }, (_, i) => `bench_viewer_${i}`);
      for (let i = 0; i < ids.length; i += 50) {
        await env.WEBAPP_DB.batch(
          ids.slice(i, i + 50).map((id) =>
            env.WEBAPP_DB.prepare("INSERT OR IGNORE INTO users (id, email, name, created_at) VALUES (?, ?, 'Bench viewer', 0)").bind(
              id,
              `${id}@bench.greenroom.test`,
            ),
          ),
        );
      }
      const versions = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 90) {
        const chunk = ids.slice(i, i + 90);
        const rows = await env.WEBAPP_DB.prepare(`SELECT id, session_version AS v FROM users WHERE id IN (${chunk.map(() => "?").join(",")})`)
          .bind(...chunk)
          .all<{ id: string; v: number }>();
        for (const row of rows.results) versions.set(row.id, row.v);
      }
      // Ten minutes: the longest a room accepts, and longer than a bench run.
      const tokens = await Promise.all(
        ids.map(async (userId) => {
          const signed = await signLiveToken({
            secret: env.AUTH_SECRET,
            roomId: demo.roomId,
            userId,
            sessionVersion: versions.get(userId) ?? 0,
            nowMs: Date.now(),
            ttlMs: 600_000,
          });
          return signed.token;
        }),
      );
      return Response.json({ roomId: demo.roomId, tokens });
    }
    if (pathname === "/bench/live/change" && request.method === "POST") {
      changes += 1;
      const result = await env.WORKERS.recordStageEvent({
        shard: await demoShard(env.WEBAPP_DB),
        stageEventId: `bench${crypto.randomUUID().replaceAll("-", "")}`,
        accountId: demo.accountId,
        eventId: demo.eventId,
        roomId: demo.roomId,
        participantId: "guest:bench guest",
        participantName: "Bench Guest",
        userId: null,
        action: changes % 2 === 1 ? "on_stage" : "off_stage",
        actorId: demo.userId,
        occurredAtMs: Date.now(),
      });
      // A conflict (the guest already on or off after a restart) flips the next change back into step.
      if (!result.ok) changes += 1;
      return Response.json(result, { status: result.ok ? 200 : 409 });
    }
    return (webapp as ExportedHandler<Env>).fetch?.(request as never, env, ctx) as Promise<Response>;
  },
};
