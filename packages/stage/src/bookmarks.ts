import { Bookmark, ShardId, type StageApi } from "./contract";
import { z } from "zod";

/** One httpOnly cookie holds the user's latest D1 bookmark per sessions shard, as JSON: {"0000": "<bookmark>"}. */
export const STAGE_BOOKMARKS_COOKIE = "gr_stage_bookmarks";

// A user touches one or two shards; the cap keeps a forged cookie from growing every request.
const MAX_SHARDS = 8;

const Stored = z.record(ShardId, Bookmark);

/**
 * Where the request's webapp D1 session starts: the `gr_d1_bookmark` cookie when it is a D1 bookmark, otherwise
 * (absent, forged, garbled) unconstrained, so a bad cookie costs read-your-writes at most, never the request.
 */
export function webappSessionStart(cookie: string | undefined): string {
  const parsed = Bookmark.safeParse(cookie);
  return parsed.success ? parsed.data : "first-unconstrained";
}

/**
 * The sessions-side bookmarks of one request: read from the cookie, advanced by each result the workers app returns,
 * written back to the cookie only by actions and route handlers (pages cannot set cookies) when something changed.
 */
export class ShardBookmarks {
  private readonly byShard: Map<string, string>;
  private changed = false;

  constructor(entries: Iterable<[string, string]> = []) {
    this.byShard = new Map(entries);
  }

  /** The cookie's value parsed; anything malformed or oversized counts as no bookmarks (reads stay unconstrained). */
  static fromCookie(value: string | undefined): ShardBookmarks {
    if (!value) return new ShardBookmarks();
    try {
      const parsed = Stored.safeParse(JSON.parse(value));
      if (!parsed.success || Object.keys(parsed.data).length > MAX_SHARDS) return new ShardBookmarks();
      return new ShardBookmarks(Object.entries(parsed.data));
    } catch {
      return new ShardBookmarks();
    }
  }

  get(shard: string): string | undefined {
    return this.byShard.get(shard);
  }

  /** Keeps the newer bookmark of a shard (D1 bookmarks compare in lexicographic order). */
  advance(shard: string, bookmark: string): void {
    const current = this.byShard.get(shard);
    if (current !== undefined && current >= bookmark) return;
    this.byShard.set(shard, bookmark);
    this.changed = true;
  }

  /** The cookie value to store, or null when nothing advanced during this request. */
  toCookie(): string | null {
    if (!this.changed) return null;
    const newest = [...this.byShard].slice(-MAX_SHARDS);
    return JSON.stringify(Object.fromEntries(newest));
  }
}

/**
 * The stage API with read-after-write on the sessions side: every call whose input names a shard carries the
 * request's bookmark of that shard, and every ok result's bookmark advances it. Generic over the methods, so a
 * method added to the contract gets the same treatment.
 */
export function withShardBookmarks(api: StageApi, bookmarks: ShardBookmarks): StageApi {
  const wrapped = Object.entries(api).map(([name, method]) => [
    name,
    async (input: unknown) => {
      const shard = shardOf(input);
      const bookmark = shard ? bookmarks.get(shard) : undefined;
      const result: unknown = await method(bookmark ? { ...(input as object), bookmark } : input);
      const after = bookmarkOf(result);
      if (shard && after) bookmarks.advance(shard, after);
      return result;
    },
  ]);
  return asStageApi(Object.fromEntries(wrapped));
}

function shardOf(input: unknown): string | null {
  const shard = typeof input === "object" && input !== null ? (input as { shard?: unknown }).shard : undefined;
  return typeof shard === "string" ? shard : null;
}

function bookmarkOf(result: unknown): string | null {
  if (typeof result !== "object" || result === null) return null;
  const { ok, bookmark } = result as { ok?: unknown; bookmark?: unknown };
  return ok === true && typeof bookmark === "string" ? bookmark : null;
}

// Each wrapped method takes and returns what the original did, with the bookmark added to its input.
function asStageApi(methods: Record<string, unknown>): StageApi {
  return methods as unknown as StageApi;
}
