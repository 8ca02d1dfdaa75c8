export { type ClipProgress, clipProgress } from "./counts";
export { type EventClips, listEventClips, type RoomClips, type SessionClips } from "./list-event-clips";
export { listMyClips, type MyClip, myClipsFromRows, myClipsQueries } from "./list-my-clips";
export { ListEventClipsInput } from "./schemas";
