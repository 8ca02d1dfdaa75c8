"use server";

import { archiveTicketType, createTicketType, updateTicketType } from "@greenroom/domain/tickets";
import { revalidatePath } from "next/cache";
import { allValues, runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

const ticketsPath = (eventId: string) => `/events/${eventId}/tickets`;

/** The room checkboxes arrive as several values under one name. */
const rooms = (_fields: Record<string, string>, form: FormData) => ({ roomIds: allValues(form, "roomIds") });

export async function createTicketTypeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createTicketType, {
    input: rooms,
    done: (type) => {
      revalidatePath(ticketsPath(type.eventId));
      return { ok: true, message: `Ticket type “${type.name}” added.` };
    },
  });
}

export async function updateTicketTypeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, updateTicketType, {
    input: rooms,
    done: () => {
      revalidatePath(ticketsPath(String(form.get("eventId") ?? "")));
      return { ok: true, message: "Saved." };
    },
  });
}

export async function archiveTicketTypeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, archiveTicketType, {
    done: () => {
      revalidatePath(ticketsPath(String(form.get("eventId") ?? "")));
      return { ok: true, message: "Ticket type archived: no new registrations; issued tickets stay valid." };
    },
  });
}
