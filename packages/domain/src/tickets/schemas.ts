import { z } from "zod";
import { Email } from "../auth/schemas";
import { Id } from "../ids";

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** A form's optional wall-clock time ("" = none), read in the event's time zone by the verb. */
const OptionalWallTime = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.string().regex(WALL_TIME, "Enter a date and time").optional(),
);

/** Room ids as a list, or as a form's comma-joined checkbox values. */
const RoomIds = z.preprocess(
  (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
  z.array(Id).max(50, "At most 50 rooms").default([]),
);

/** A checkbox: "on" / "true" when ticked; absent or "" when not. */
const Checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

const TicketTypeFields = z.object({
  name: z.string().trim().min(1, "Name the ticket type").max(80, "Use at most 80 characters"),
  priceLabel: z.string().trim().max(40, "Use at most 40 characters").default(""),
  free: Checkbox.default(false),
  capacity: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce
      .number({ message: "Enter a number" })
      .int("Use a whole number")
      .min(1, "At least 1")
      .max(1_000_000, "At most 1,000,000")
      .optional(),
  ),
  salesStartAt: OptionalWallTime,
  salesEndAt: OptionalWallTime,
  roomIds: RoomIds.refine((ids) => ids.length > 0, "Choose at least one room"),
});
const salesEndAfterStart = {
  path: ["salesEndAt"],
  message: "Sales must end after they start",
};
const endsAfterStart = (v: { salesStartAt?: string | undefined; salesEndAt?: string | undefined }) =>
  !v.salesStartAt || !v.salesEndAt || v.salesEndAt > v.salesStartAt;

export const CreateTicketTypeInput = TicketTypeFields.extend({ eventId: Id }).refine(endsAfterStart, salesEndAfterStart);
export type CreateTicketTypeInput = z.infer<typeof CreateTicketTypeInput>;

export const UpdateTicketTypeInput = TicketTypeFields.extend({ eventId: Id, ticketTypeId: Id }).refine(endsAfterStart, salesEndAfterStart);
export type UpdateTicketTypeInput = z.infer<typeof UpdateTicketTypeInput>;

export const TicketTypeIdInput = z.object({ eventId: Id, ticketTypeId: Id });
export type TicketTypeIdInput = z.infer<typeof TicketTypeIdInput>;

export const RegisterFreeTicketInput = z.object({
  ticketTypeId: Id,
  name: z.string().trim().min(1, "Enter your name").max(120, "Use at most 120 characters"),
  email: Email,
  /** The site's public origin, for the links in the confirmation mail (set by the adapter, never by the visitor). */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin),
  /** The client's IP as the edge reports it, for the per-IP limit (set by the adapter). */
  ip: z.string().max(64).optional(),
});
export type RegisterFreeTicketInput = z.infer<typeof RegisterFreeTicketInput>;

export const CheckInInput = z.object({
  eventId: Id,
  code: z.string().trim().min(1, "Type or scan the ticket code").max(200, "That is too long for a ticket code"),
});
export type CheckInInput = z.infer<typeof CheckInInput>;
