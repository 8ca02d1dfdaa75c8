export * from "./contract";
export { openShards, recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
export { sessionLogs, shardRowCounts, shardStats } from "./shard-admin";
export { routed, shardDb } from "./shards";
export { type LogEntry, type LogLevel, type LogSource, logStatement } from "./logs";
export type { MediaProvider } from "./media/provider";
export {
  LIVE_CLOSE,
  LIVE_SOCKETS_PER_USER,
  LIVE_TOKEN_MAX_LIFETIME_MS,
  type LiveClosed,
  type LiveOnStage,
  type LiveStage,
  VIEWER_HEADERS,
  isGuestParticipant,
  liveStageOf,
  liveStageVersion,
} from "./live";
export { LOCAL_SAMPLE_SECONDS, LOCAL_SAMPLE_URL, localClipUrl, localId } from "./media/local";
export { type MuxSigningKey, muxPlaybackToken, PLAYBACK_TOKEN_TTL_MS, signMuxPlaybackUrl } from "./media/mux-signing";
export { type Fetch, livekitToken, MediaProviderError, type MuxLiveKitConfig, muxLiveKitProvider } from "./media/mux-livekit";
export { type ClipCounts, clipCounts, generateClips, pairStageEvents, renderPendingClips } from "./clips";
export { listClips, myClips } from "./clip-lists";
export {
  type DeletedRows,
  FlowRefusal,
  type RecordingSessionRow,
  createRecordingSession,
  deleteEventRows,
  liveRecordingsOfEvent,
  deleteUserRows,
  failRecordingSession,
  markRecording,
  markEgressStopped,
  markStopped,
  markStopping,
  recordingSession,
  resumeRecordingStatus,
  saveLiveStream,
} from "./flows";
export { invalidResult } from "./results";
export {
  readyClipIds,
  recordAttempt,
  settleDelivery,
  startDelivery,
  webhookDeliveries,
  webhookDelivery,
} from "./webhook-deliveries";
export { appendCredit, creditBalance, creditLedger, recordingHoldKey, releaseRecordingHold } from "./credits";
