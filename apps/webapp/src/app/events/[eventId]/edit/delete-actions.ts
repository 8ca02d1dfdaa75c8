"use server";

import { deleteEvent } from "@greenroom/domain/operations";
import { redirect } from "next/navigation";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

/** Starts deleting the event and sends the organizer to follow the operation (then to their events). */
export async function deleteEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, deleteEvent, {
    done: ({ operation }) => redirect(`/operations/${encodeURIComponent(operation.id)}`),
  });
}
