"use server";

import { archiveEvent, createEvent, publishEvent, updateEvent } from "@greenroom/domain/events";
import { archiveRoom, createRoom, moveRoom, updateRoom } from "@greenroom/domain/rooms";
import { putOnStage, takeOffStage } from "@greenroom/domain/stage";
import type { Ctx } from "@greenroom/domain/context";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requestContext } from "@/server/context";
import { ACCOUNT_COOKIE } from "@/server/session";
import { type FormState, formObject, formStateFor } from "@/server/transport";

export async function createEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  let eventId: string;
  try {
    const { ctx, commit } = await requestContext();
    const rooms = fields.roomName ? [{ name: fields.roomName, kind: fields.roomKind || "stage" }] : [];
    const event = await createEvent({ ctx, input: { ...fields, rooms } });
    await commit();
    eventId = event.id;
  } catch (error) {
    return formStateFor(error, fields);
  }
  redirect(`/events/${eventId}`);
}

export async function publishEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const event = await publishEvent({ ctx, input: { eventId: fields.eventId } });
    await commit();
    revalidatePath(`/events/${event.id}`);
    return { ok: true, message: "Published" };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function updateEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    await updateEvent({ ctx, input: fields });
    await commit();
  } catch (error) {
    return formStateFor(error, fields);
  }
  redirect(`/events/${fields.eventId}`);
}

export async function archiveEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    await archiveEvent({ ctx, input: fields });
    await commit();
  } catch (error) {
    return formStateFor(error, fields);
  }
  redirect("/events");
}

/** Runs one room verb from a form, stores the read-after-write bookmark and refreshes the event page. */
async function roomChange(
  form: FormData,
  verb: (args: { ctx: Ctx; input: Record<string, string | undefined> }) => Promise<unknown>,
): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    await verb({ ctx, input: { ...fields, capacity: fields.capacity || undefined } });
    await commit();
    revalidatePath(`/events/${fields.eventId}`);
    return { ok: true };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function moveRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roomChange(form, moveRoom);
}

export async function archiveRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roomChange(form, archiveRoom);
}

export async function updateRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roomChange(form, updateRoom);
}

export async function createRoomAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const room = await createRoom({
      ctx,
      input: { ...fields, capacity: fields.capacity ? fields.capacity : undefined },
    });
    await commit();
    revalidatePath(`/events/${room.eventId}`);
    return { ok: true, message: `Room “${room.name}” added` };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function switchAccountAction(form: FormData): Promise<void> {
  const accountId = String(form.get("accountId") ?? "");
  (await cookies()).set(ACCOUNT_COOKIE, accountId, { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/events");
}

async function stageChange(form: FormData, verb: typeof putOnStage): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx } = await requestContext();
    const entry = await verb({ ctx, input: fields });
    revalidatePath(`/events/${fields.eventId}/rooms/${fields.roomId}/stage`);
    return {
      ok: true,
      message: `${entry.participantName} ${entry.action === "on_stage" ? "is on stage" : "left the stage"}`,
    };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function putOnStageAction(_prev: FormState, form: FormData): Promise<FormState> {
  return stageChange(form, putOnStage);
}

export async function takeOffStageAction(_prev: FormState, form: FormData): Promise<FormState> {
  return stageChange(form, takeOffStage);
}
