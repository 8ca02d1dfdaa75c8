"use server";

import { archiveEvent, createEvent, publishEvent, unarchiveEvent, unpublishEvent, updateEvent } from "@greenroom/domain/events";
import { archiveRoom, createRoom, moveRoom, restoreRoom, updateRoom } from "@greenroom/domain/rooms";
import type { Ctx } from "@greenroom/domain/context";
import { putOnStage, takeOffStage } from "@greenroom/domain/stage";
import type { StageTimelineEntry } from "@greenroom/stage/contract";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { type FormFields, runFormVerb } from "@/server/form";
import { ACCOUNT_COOKIE } from "@/server/session";
import type { FormState } from "@/server/transport";
import type { EventNotice } from "./notices";

export async function createEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createEvent, {
    // The form offers one first room; without a name the event starts with none.
    input: (fields) => ({ rooms: fields.roomName ? [{ name: fields.roomName, kind: fields.roomKind || "stage" }] : [] }),
    done: (event) => redirect(`/events/${event.id}`),
  });
}

/**
 * Back to the event page with a notice naming what just happened (see `EVENT_NOTICES`); a redirect, so the notice
 * shows after a plain form post too, and reloading the page does not repeat the action.
 */
const toEventWith = (notice: EventNotice) => (event: { id: string }) => redirect(`/events/${event.id}?notice=${notice}`);

export async function publishEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  // The organizer is warned before publishing an event nobody can join; the warning's "Publish anyway" confirms.
  return runFormVerb(form, publishEvent, { input: () => ({ warnIfNoWayIn: true }), done: toEventWith("published") });
}

export async function unpublishEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, unpublishEvent, { done: toEventWith("unpublished") });
}

export async function updateEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, updateEvent, { done: toEventWith("saved") });
}

export async function archiveEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, archiveEvent, { done: toEventWith("archived") });
}

export async function unarchiveEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, unarchiveEvent, { done: toEventWith("unarchived") });
}

/** An empty capacity field means no limit. */
const capacity = (fields: FormFields) => ({ capacity: fields.capacity || undefined });

/** After a room change: refresh the event page the form was on. */
const roomChanged = (form: FormData) => (): FormState => {
  revalidatePath(`/events/${String(form.get("eventId") ?? "")}`);
  return { ok: true };
};

export async function moveRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, moveRoom, { done: roomChanged(form) });
}

export async function archiveRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, archiveRoom, {
    done: (room) => {
      revalidatePath(`/events/${room.eventId}`);
      return { ok: true, message: `Room “${room.name}” archived. Restore it from “Archived rooms”.` };
    },
  });
}

export async function restoreRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, restoreRoom, {
    done: (room) => {
      revalidatePath(`/events/${room.eventId}`);
      return { ok: true, message: `Room “${room.name}” restored` };
    },
  });
}

export async function updateRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, updateRoom, {
    input: capacity,
    done: (room) => {
      revalidatePath(`/events/${room.eventId}`);
      return { ok: true, message: `Room “${room.name}” saved` };
    },
  });
}

export async function createRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createRoom, {
    input: capacity,
    done: (room) => {
      revalidatePath(`/events/${room.eventId}`);
      return { ok: true, message: `Room “${room.name}” added` };
    },
  });
}

export async function switchAccountAction(form: FormData): Promise<void> {
  const accountId = String(form.get("accountId") ?? "");
  (await cookies()).set(ACCOUNT_COOKIE, accountId, { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/events");
}

/**
 * Stage changes write on the account's sessions shard (and may assign the shard in webapp D1): the adapter stores
 * both bookmarks, so the user's next page reads the change. The workers app pushes each change to the room's viewers.
 */
function stageChange<I>(form: FormData, verb: (args: { ctx: Ctx; input: I }) => Promise<StageTimelineEntry>): Promise<FormState> {
  return runFormVerb(form, verb, {
    done: (entry) => {
      revalidatePath(`/events/${String(form.get("eventId") ?? "")}/rooms/${String(form.get("roomId") ?? "")}/stage`);
      return {
        ok: true,
        message: `${entry.participantName} ${entry.action === "on_stage" ? "is on stage" : "left the stage"}`,
      };
    },
  });
}

export async function putOnStageAction(_prev: FormState, form: FormData): Promise<FormState> {
  return stageChange(form, putOnStage);
}

export async function takeOffStageAction(_prev: FormState, form: FormData): Promise<FormState> {
  return stageChange(form, takeOffStage);
}
