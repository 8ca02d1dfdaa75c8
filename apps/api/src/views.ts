import type { EventRow, RoomRow } from "@greenroom/domain/events";
import type { OperationView } from "@greenroom/domain/operations";
import { z } from "zod";

/** The resources as the API shows them: ISO times, and each one's own URL. */
export const EventOut = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  description: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  startsAt: z.string().describe("ISO 8601, UTC"),
  endsAt: z.string().describe("ISO 8601, UTC"),
  status: z.enum(["draft", "active", "archived", "deleting"]),
  createdAt: z.string(),
  updatedAt: z.string(),
  url: z.string(),
});

export const RoomOut = z.object({
  id: z.string(),
  eventId: z.string(),
  name: z.string(),
  kind: z.string(),
  capacity: z.number().int().nullable(),
  position: z.number().int(),
  status: z.string(),
  url: z.string(),
});

export const OperationOut = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.object({ type: z.string(), id: z.string() }),
  state: z.string(),
  step: z.string(),
  done: z.boolean(),
  lastError: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  url: z.string(),
});

export const eventOut = (origin: string, e: EventRow): z.infer<typeof EventOut> => ({
  id: e.id,
  accountId: e.accountId,
  name: e.name,
  description: e.description,
  slug: e.slug,
  timeZone: e.timeZone,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  status: e.status,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
  url: `${origin}/api/v1/events/${e.id}`,
});

export const roomOut = (origin: string, r: RoomRow): z.infer<typeof RoomOut> => ({
  id: r.id,
  eventId: r.eventId,
  name: r.name,
  kind: r.kind,
  capacity: r.capacity,
  position: r.position,
  status: r.status,
  url: `${origin}/api/v1/events/${r.eventId}/rooms/${r.id}`,
});

export const operationOut = (origin: string, op: OperationView): z.infer<typeof OperationOut> => ({
  id: op.id,
  kind: op.kind,
  subject: { type: op.subjectType, id: op.subjectId },
  state: op.state,
  step: op.step,
  done: op.done,
  lastError: op.lastError,
  attempts: op.attempts,
  createdAt: op.createdAt.toISOString(),
  updatedAt: op.updatedAt.toISOString(),
  url: `${origin}/api/v1/operations/${op.id}`,
});
