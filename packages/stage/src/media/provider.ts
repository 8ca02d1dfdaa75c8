/**
 * The live stream and its recording, in the shapes of Mux live streams and LiveKit egress. Every call is idempotent:
 * creating with a key already used returns what the first call made, and stopping or deleting what is already
 * stopped or gone succeeds. Implementations: the local provider (offline, deterministic ids, a bundled sample for
 * playback) and the real HTTP clients for Mux and LiveKit, chosen by MEDIA_PROVIDER.
 */
export interface MediaProvider {
  /** A live stream for a room (Mux: POST /video/v1/live-streams), keyed by `key` (the operation id). */
  createLiveStream(input: { key: string; roomId: string }): Promise<{ streamId: string; playbackUrl: string }>;
  /** Starts recording the room (LiveKit: StartRoomCompositeEgress), keyed by `key`. */
  startEgress(input: { key: string; roomId: string; streamId: string }): Promise<{ egressId: string }>;
  /** Stops the recording (LiveKit: StopEgress); succeeds if it already stopped. */
  stopEgress(input: { egressId: string }): Promise<void>;
  /** Removes the live stream (Mux: DELETE /video/v1/live-streams/:id); succeeds if it is already gone. */
  deleteLiveStream(input: { streamId: string }): Promise<void>;
  /** A clip of the recording between two offsets (Mux: an asset clipped from the stream's recording), keyed by `key`. */
  createClip(input: { key: string; streamId: string; startOffsetMs: number; endOffsetMs: number }): Promise<{ playbackUrl: string }>;
}
