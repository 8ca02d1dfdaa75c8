export { participantIdFor, putOnStage, takeOffStage } from "./change-stage";
export { StageChangeInput, StageTimelineInput } from "./schemas";
export { getStageTimeline } from "./stage-timeline";
