export * from "./contract";
export { recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
export { routed, shardDb } from "./shards";
