export { createEvent } from "./create-event";
export { archiveEvent, publishEvent, unarchiveEvent, unpublishEvent } from "./event-status";
export { getEvent, getPublicEvent } from "./get-event";
export { listEvents, listSharedEvents, listVisibleEvents, VisibleEventsInput } from "./list-events";
export type { EventRow, RoomRow, SharedEvent } from "./rows";
export { AccountIdInput, CreateEventInput, EventIdInput, NewRoom, PublishEventInput, RoomKind, SlugInput, UpdateEventInput, EVENT_SLUG_PATTERN } from "./schemas";
export { dateToZonedWallTime, isTimeZone, zonedWallTimeToDate } from "./time";
export { updateEvent } from "./update-event";
