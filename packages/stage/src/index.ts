export * from "./contract";
export { recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
export { routed, shardDb } from "./shards";
export { type LogEntry, type LogLevel, type LogSource, logStatement } from "./logs";
export type { MediaProvider } from "./media/provider";
export { LOCAL_SAMPLE_SECONDS, LOCAL_SAMPLE_URL, localClipUrl, localId } from "./media/local";
export { type Fetch, livekitToken, MediaProviderError, type MuxLiveKitConfig, muxLiveKitProvider } from "./media/mux-livekit";
export { type ClipCounts, clipCounts, generateClips, pairStageEvents, renderPendingClips } from "./clips";
export { listClips, myClips } from "./clip-lists";
