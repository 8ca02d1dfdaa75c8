import { eventPage } from "@greenroom/domain/pages";
import { cache } from "react";
import { signedInContext } from "@/server/session";
import { orNotFound } from "@/server/transport";

/**
 * The event page's data, read once per request: `generateMetadata` (the title) and the page share it through
 * React's `cache()`, so naming the event in <title> costs no extra D1 round trip.
 */
export const loadEventPage = cache(async (eventId: string) => {
  const { ctx } = await signedInContext();
  return orNotFound(() => eventPage({ ctx, input: { eventId } }));
});

/** `generateMetadata` for the pages built on `loadEventPage`: "<what> · <event name>". */
export function eventTitle(what?: string) {
  return async ({ params }: { params: Promise<{ eventId: string }> }) => {
    const { event } = await loadEventPage((await params).eventId);
    return { title: what ? `${what} · ${event.name}` : event.name };
  };
}
