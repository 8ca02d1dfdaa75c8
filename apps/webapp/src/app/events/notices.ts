/** What the event page says after an action redirected to it (`?notice=`); unknown values show nothing. */
export const EVENT_NOTICES = {
  saved: "Changes saved.",
  published: "The event is live: its public page is open to everyone.",
  unpublished: "Unpublished. The event is a draft again and its public page is gone.",
  archived: "Event archived. It is read-only until you unarchive it.",
  unarchived: "Event unarchived. It is a draft again; publish it when it is ready.",
} as const;

export type EventNotice = keyof typeof EVENT_NOTICES;

export function eventNotice(value: string | string[] | undefined): string | null {
  return typeof value === "string" && Object.hasOwn(EVENT_NOTICES, value) ? EVENT_NOTICES[value as EventNotice] : null;
}
