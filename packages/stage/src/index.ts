export * from "./contract";
export { openShards, recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
export { sessionLogs, shardRowCounts, shardStats } from "./shard-admin";
export { routed, shardDb } from "./shards";
export { type LogEntry, type LogLevel, type LogSource, logStatement } from "./logs";
export type { MediaProvider } from "./media/provider";
export { generateClips, renderPendingClips } from "./clips";
export { type LiveOnStage, type LiveStage, isGuestParticipant, liveStageOf, liveStageVersion } from "./live";
