import { conflict } from "../errors";
import type { Authorized } from "./authorize";

export const ARCHIVED_EVENT_MESSAGE = "This event is archived and read-only. Unarchive it to make changes.";

/**
 * An archived event is read-only: its details, its rooms and its stage refuse changes until it is unarchived.
 * The status comes from the authorization batch, so checking it costs no extra round trip.
 */
export function requireEditableEvent(access: Authorized): void {
  if (access.eventStatus === "archived") throw conflict(ARCHIVED_EVENT_MESSAGE);
  if (access.eventStatus === "deleting") throw conflict("This event is being deleted; nothing in it can change.");
}
