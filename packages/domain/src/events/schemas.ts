import { ROOM_KINDS } from "@greenroom/db/webapp/schema";
import { z } from "zod";
import { Id } from "../ids";
import { isTimeZone } from "./time";

export const RoomKind = z.enum(ROOM_KINDS);

export const NewRoom = z.object({
  name: z.string().trim().min(1, "Name the room").max(80, "Use at most 80 characters"),
  kind: RoomKind.default("stage"),
  capacity: z.coerce
    .number({ message: "Enter a number" })
    .int("Use a whole number")
    .min(1, "At least 1")
    .max(100_000, "At most 100,000")
    .optional(),
});

const EventFields = z.object({
    name: z.string().trim().min(1, "Name the event").max(120, "Use at most 120 characters"),
    description: z.string().trim().max(5000, "Use at most 5,000 characters").default(""),
    timeZone: z.string().refine(isTimeZone, "Choose a valid time zone"),
    startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "Enter a start date and time"),
    endsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "Enter an end date and time"),
  });
const endsAfterStart = { path: ["endsAt"], message: "The event must end after it starts" };

export const CreateEventInput = EventFields.extend({
  accountId: z.string().trim().min(1, "Choose an account").max(64),
  rooms: z.array(NewRoom).max(50, "At most 50 rooms at once").default([]),
}).refine((v) => v.endsAt > v.startsAt, endsAfterStart);
export type CreateEventInput = z.infer<typeof CreateEventInput>;

/** An event's address on /e/: lowercase letters, digits and single hyphens. */
export const EVENT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const EventSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters")
  .max(80, "Use at most 80 characters")
  .regex(EVENT_SLUG_PATTERN, "Use lowercase letters, digits and single hyphens");

export const UpdateEventInput = EventFields.extend({
  eventId: Id,
  // Left out or empty: the address stays as it is.
  slug: z.preprocess((v) => (v === "" ? undefined : v), EventSlug.optional()),
}).refine(
  (v) => v.endsAt > v.startsAt,
  endsAfterStart,
);
export type UpdateEventInput = z.infer<typeof UpdateEventInput>;

export const SlugInput = z.object({ slug: z.string().min(1).max(80) });

export const EventIdInput = z.object({ eventId: Id });

/**
 * Publishing. With `warnIfNoWayIn` (set by the organizer's form, not by the visitor) an event that nobody can join
 * yet (no active ticket type and no pending or accepted invitation) is refused with `NO_WAY_IN_MESSAGE` (field
 * `confirm`) unless `confirm` is "yes": the warning comes first, and the second press publishes. Programs (REST,
 * MCP) publish as asked.
 */
export const PublishEventInput = z.object({
  eventId: Id,
  warnIfNoWayIn: z.boolean().default(false),
  confirm: z
    .string()
    .max(8)
    .optional()
    .transform((v) => v === "yes"),
});
export const AccountIdInput = z.object({ accountId: Id });
