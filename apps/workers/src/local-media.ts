import { DurableObject } from "cloudflare:workers";
import { LOCAL_SAMPLE_URL, localClipUrl, localId } from "@greenroom/stage";
import type { WorkersEnv } from "./env";

export type LocalStream = { id: string; key: string; roomId: string; playbackUrl: string; deleted: boolean };
export type LocalEgress = { id: string; key: string; roomId: string; streamId: string; stopped: boolean };
/** Refusals come back as values: an exception thrown inside a Durable Object also surfaces as an uncaught error there. */
export type LocalResult<T> = { ok: true; value: T } | { ok: false; message: string };

export type LocalClip = { id: string; key: string; streamId: string; startOffsetMs: number; endOffsetMs: number; playbackUrl: string };

/**
 * The local media provider (MEDIA_PROVIDER=local): live streams, egresses and clips in this object's SQLite storage,
 * keyed by the caller's idempotency key, with ids derived from the key. Creating again with a key returns the first
 * result; stopping or deleting what is stopped, deleted or unknown succeeds. Offline and deterministic; everything
 * plays the bundled sample. One instance (`LOCAL_MEDIA_NAME`) holds it all.
 */
export class LocalMedia extends DurableObject<WorkersEnv> {
  constructor(ctx: DurableObjectState, env: WorkersEnv) {
    super(ctx, env);
    ctx.storage.sql.exec(`
      CREATE TABLE IF NOT EXISTS streams (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, room_id TEXT NOT NULL,
        playback_url TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS egresses (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, room_id TEXT NOT NULL,
        stream_id TEXT NOT NULL, stopped INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS clips (id TEXT PRIMARY KEY, key TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
        start_offset_ms INTEGER NOT NULL, end_offset_ms INTEGER NOT NULL, playback_url TEXT NOT NULL);`);
  }

  private get sql() {
    return this.ctx.storage.sql;
  }

  private streamExists(streamId: string): boolean {
    return this.sql.exec("SELECT 1 FROM streams WHERE id = ?", streamId).toArray().length > 0;
  }

  async createLiveStream(input: { key: string; roomId: string }): Promise<{ streamId: string; playbackUrl: string }> {
    const id = await localId("ls", input.key);
    this.sql.exec(
      "INSERT INTO streams (id, key, room_id, playback_url) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      id,
      input.key,
      input.roomId,
      LOCAL_SAMPLE_URL,
    );
    const row = this.sql.exec<{ playback_url: string }>("SELECT playback_url FROM streams WHERE id = ?", id).one();
    return { streamId: id, playbackUrl: row.playback_url };
  }

  async startEgress(input: { key: string; roomId: string; streamId: string }): Promise<LocalResult<{ egressId: string }>> {
    if (!this.streamExists(input.streamId)) return { ok: false, message: `Local media: no live stream ${input.streamId}` };
    const id = await localId("eg", input.key);
    this.sql.exec(
      "INSERT INTO egresses (id, key, room_id, stream_id) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      id,
      input.key,
      input.roomId,
      input.streamId,
    );
    return { ok: true, value: { egressId: id } };
  }

  async stopEgress(input: { egressId: string }): Promise<void> {
    this.sql.exec("UPDATE egresses SET stopped = 1 WHERE id = ?", input.egressId);
  }

  async deleteLiveStream(input: { streamId: string }): Promise<void> {
    // Like Mux, deleting the live stream keeps its recording: clips can still be cut from it.
    this.sql.exec("UPDATE streams SET deleted = 1 WHERE id = ?", input.streamId);
  }

  async createClip(input: {
    key: string;
    streamId: string;
    startOffsetMs: number;
    endOffsetMs: number;
  }): Promise<LocalResult<{ playbackUrl: string }>> {
    if (!this.streamExists(input.streamId)) return { ok: false, message: `Local media: no recording of live stream ${input.streamId}` };
    if (!(input.endOffsetMs > input.startOffsetMs)) return { ok: false, message: "Local media: a clip must end after it starts" };
    const id = await localId("clip", input.key);
    this.sql.exec(
      `INSERT INTO clips (id, key, stream_id, start_offset_ms, end_offset_ms, playback_url) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO NOTHING`,
      id,
      input.key,
      input.streamId,
      input.startOffsetMs,
      input.endOffsetMs,
      localClipUrl(input.startOffsetMs, input.endOffsetMs),
    );
    const row = this.sql.exec<{ playback_url: string }>("SELECT playback_url FROM clips WHERE id = ?", id).one();
    return { ok: true, value: { playbackUrl: row.playback_url } };
  }

  /** Everything this provider holds, for tests and local inspection. */
  async inspect(): Promise<{ streams: LocalStream[]; egresses: LocalEgress[]; clips: LocalClip[] }> {
    const streams = this.sql
      .exec<{ id: string; key: string; room_id: string; playback_url: string; deleted: number }>("SELECT * FROM streams ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, key: r.key, roomId: r.room_id, playbackUrl: r.playback_url, deleted: r.deleted === 1 }));
    const egresses = this.sql
      .exec<{ id: string; key: string; room_id: string; stream_id: string; stopped: number }>("SELECT * FROM egresses ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, key: r.key, roomId: r.room_id, streamId: r.stream_id, stopped: r.stopped === 1 }));
    const clips = this.sql
      .exec<{ id: string; key: string; stream_id: string; start_offset_ms: number; end_offset_ms: number; playback_url: string }>(
        "SELECT * FROM clips ORDER BY id",
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        key: r.key,
        streamId: r.stream_id,
        startOffsetMs: r.start_offset_ms,
        endOffsetMs: r.end_offset_ms,
        playbackUrl: r.playback_url,
      }));
    return { streams, egresses, clips };
  }
}
