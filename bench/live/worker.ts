// The live fan-out benchmark's webapp Worker (scripts/bench.sh, BENCH_ONLY=live; config written by
// scripts/bench-config.mjs with this file as `main`; local only, never deployed): the real webapp entry
// (apps/webapp/worker.ts: the live WebSocket path, then OpenNext) plus two bench routes.
//   GET  /bench/live/token  a viewer token for the demo room, signed as the room page signs it.
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
      const { token } = await signLiveToken({ secret: env.AUTH_SECRET, roomId: demo.roomId, userId: demo.userId, nowMs: Date.now(), ttlMs: 3_600_000 });
      return Response.json({ roomId: demo.roomId, token });
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
