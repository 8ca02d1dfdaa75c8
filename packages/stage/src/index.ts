export * from "./contract";
export { recordStageEvent, stageTimeline, stageApiFor } from "./stage-events";
