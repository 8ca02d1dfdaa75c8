export * from "./contract";
export { recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
export { routed, shardDb } from "./shards";
export { type LogEntry, type LogLevel, type LogSource, logStatement } from "./logs";
export type { MediaProvider } from "./media/provider";
export { generateClips, renderPendingClips } from "./clips";
export {
  type DeletedRows,
  FlowRefusal,
  type RecordingSessionRow,
  clipCounts,
  createRecordingSession,
  deleteEventRows,
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
