export { guestParticipantId, type StageCandidate, stageCandidatesQuery, toStageCandidate, userParticipantId } from "./candidates";
export { putOnStage, takeOffStage } from "./change-stage";
export { PutOnStageInput, StageTimelineInput, TakeOffStageInput } from "./schemas";
export { getStageTimeline } from "./stage-timeline";
export { endLiveAccess, roomsOfGrant } from "./live-access";
