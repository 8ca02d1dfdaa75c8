import type { ClipView } from "@greenroom/stage/contract";
import { type SQL, sql } from "drizzle-orm";
import { readBatch } from "../access";
import { type Ctx, requireActor } from "../context";
import { unwrap } from "../stage/unwrap";

export type MyClip = ClipView & { eventName: string; roomName: string };

/** Accounts per sessions call: the RPC takes at most 100, well above what one person shares rooms with. */
const ACCOUNTS_PER_CALL = 100;

type ShardRow = { account_id: string; shard_id: string };
type NameRow = { kind: "event" | "room"; id: string; name: string };

/**
 * The two reads behind "My clips", for a page's own batch: the accounts that shared a room with the user (their
 * grants, which count only for a verified address, and the accounts they own) with each account's shard, and the
 * names of those accounts' events and rooms. Read only: an account that was never given a shard has no clips.
 */
export function myClipsQueries(userId: string): [SQL, SQL] {
  const mine = sql`
    SELECT g.account_id FROM access_grants g JOIN users u ON u.id = g.user_id
    WHERE g.user_id = ${userId} AND u.email_verified_at IS NOT NULL
    UNION SELECT account_id FROM account_ownership WHERE user_id = ${userId}`;
  return [
    sql`WITH mine AS (${mine}) SELECT s.account_id, s.shard_id FROM account_shards s JOIN mine m ON m.account_id = s.account_id`,
    sql`WITH mine AS (${mine})
        SELECT 'event' AS kind, e.id, e.name FROM events e JOIN mine m ON m.account_id = e.account_id
        UNION ALL
        SELECT 'room' AS kind, r.id, r.name FROM rooms r JOIN events e ON e.id = r.event_id JOIN mine m ON m.account_id = e.account_id`,
  ];
}

/**
 * The user's own clips from the rows of `myClipsQueries`: one RPC per shard (all of the user's accounts on that shard
 * in it), in parallel, asking only for clips carrying the user's id. Newest session first.
 */
export async function myClipsFromRows(ctx: Ctx, userId: string, shardRows: unknown[], nameRows: unknown[]): Promise<MyClip[]> {
  const byShard = new Map<string, string[]>();
  for (const row of shardRows as ShardRow[]) byShard.set(row.shard_id, [...(byShard.get(row.shard_id) ?? []), row.account_id]);
  const calls: Promise<ClipView[]>[] = [];
  for (const [shard, accountIds] of byShard) {
    for (let i = 0; i < accountIds.length; i += ACCOUNTS_PER_CALL) {
      const chunk = accountIds.slice(i, i + ACCOUNTS_PER_CALL);
      calls.push(ctx.stage.myClips({ shard, accountIds: chunk, userId }).then((result) => unwrap(result).clips));
    }
  }
  const names = new Map((nameRows as NameRow[]).map((r) => [`${r.kind}:${r.id}`, r.name]));
  return (await Promise.all(calls))
    .flat()
    .filter((clip) => clip.userId === userId)
    .sort((a, b) => (b.sessionStartedAtMs ?? 0) - (a.sessionStartedAtMs ?? 0) || a.startOffsetMs - b.startOffsetMs)
    .map((clip) => ({
      ...clip,
      eventName: names.get(`event:${clip.eventId}`) ?? "An event",
      roomName: names.get(`room:${clip.roomId}`) ?? "A room",
    }));
}

/** The signed-in user's own clips across every account that shared a room with them. One D1 batch, one RPC per shard. */
export async function listMyClips({ ctx }: { ctx: Ctx }): Promise<MyClip[]> {
  const userId = requireActor(ctx).userId;
  const [shardRows, nameRows] = await readBatch(ctx, myClipsQueries(userId));
  return myClipsFromRows(ctx, userId, shardRows ?? [], nameRows ?? []);
}
