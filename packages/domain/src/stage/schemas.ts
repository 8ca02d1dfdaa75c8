import { z } from "zod";
import { Id } from "../ids";

export const StageChangeInput = z.object({
  roomId: Id,
  participantName: z.string().trim().min(1, "Enter the participant's name").max(120, "Use at most 120 characters"),
  // The participant's stable id; derived from the name when the caller has none.
  participantId: z.string().min(1).max(128).optional(),
  // One id per user intent (a rendered form), so a double submit or retry records one event.
  requestId: z.string().min(8).max(64).optional(),
});

export type StageChangeInput = z.infer<typeof StageChangeInput>;

export const StageTimelineInput = z.object({ roomId: Id });
export type StageTimelineInput = z.infer<typeof StageTimelineInput>;
