import { WEBHOOK_OUT_EVENT_TYPES } from "@greenroom/db/webapp/schema";
import { z } from "zod";
import { Id, OptionalId } from "../ids";

export { WEBHOOK_OUT_EVENT_TYPES };

/** The event types, as one checkbox (a string) or several (an array) arrive from a form. */
export const WebhookEventTypes = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z
    .array(z.enum(WEBHOOK_OUT_EVENT_TYPES, { error: "Pick event types from the list" }), { error: "Pick at least one event type" })
    .min(1, "Pick at least one event type")
    .transform((types) => [...new Set(types)]),
);

export const CreateWebhookSubscriptionInput = z.object({
  accountId: Id,
  url: z.string().trim().min(1, "Enter the URL to send events to").max(2000, "Use a URL of at most 2,000 characters"),
  eventTypes: WebhookEventTypes,
  /** Only this event's occurrences; none: every event of the account. */
  eventId: OptionalId,
});

export const WebhookSubscriptionRef = z.object({ accountId: Id, subscriptionId: Id });

export const SetWebhookSubscriptionEnabledInput = WebhookSubscriptionRef.extend({
  enabled: z.preprocess((v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v), z.boolean()),
});

export const AccountWebhooksInput = z.object({ accountId: Id });
