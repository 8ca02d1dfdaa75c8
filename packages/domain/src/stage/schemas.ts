import { z } from "zod";
import { Id } from "../ids";

// One id per user intent (a rendered form), so a double submit or retry records one event.
const RequestId = z.string().min(8).max(64).optional();

/**
 * Who goes on stage: a person granted the room (or its whole event), by user id, or a guest without an account, by
 * name. The stage page posts one or the other from its two forms.
 */
export const PutOnStageInput = z
  .object({
    roomId: Id,
    userId: z.string().trim().min(1, "Pick who goes on stage").max(64).optional(),
    guestName: z.string().trim().min(1, "Enter the guest's name").max(120, "Use at most 120 characters").optional(),
    requestId: RequestId,
  })
  .refine((input) => (input.userId === undefined) !== (input.guestName === undefined), {
    message: "Pick a person granted this room, or enter a guest's name",
  });
export type PutOnStageInput = z.infer<typeof PutOnStageInput>;

/** Taking someone off stage names them as the on-stage list does: their participant id. */
export const TakeOffStageInput = z.object({
  roomId: Id,
  participantId: z.string().trim().min(1, "Pick who leaves the stage").max(128),
  // Shown in the timeline; a person's name is their account's, a guest's what the host typed.
  participantName: z.string().trim().min(1).max(120),
  requestId: RequestId,
});
export type TakeOffStageInput = z.infer<typeof TakeOffStageInput>;

export const StageTimelineInput = z.object({ roomId: Id });
export type StageTimelineInput = z.infer<typeof StageTimelineInput>;
