"use server";

import {
  type CsvChunkResult,
  type CsvPreview,
  createManualOrder,
  importOrdersCsvChunk,
  linkRetailerEvent,
  mapSku,
  releaseOrderHold,
  previewOrdersCsv,
  removeRetailerConnection,
  saveRetailerConnection,
} from "@greenroom/domain/orders";
import type { Ctx } from "@greenroom/domain/context";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { appConfig, cloudflareEnv, requestContext } from "@/server/context";
import { runFormVerb } from "@/server/form";
import { publicBaseUrl } from "@/server/origin";
import { type FormState, formStateFor, requestInput } from "@/server/transport";

const ordersPath = (eventId: string) => `/events/${eventId}/orders`;

/** Maps a SKU; the product leaves the "without a ticket type" list, so the page says what happened (`?mapped=n`). */
export async function mapSkuAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, mapSku, {
    done: (mapped) => {
      const path = ordersPath(String(form.get("eventId")));
      revalidatePath(path);
      redirect(`${path}?mapped=${mapped.ordersResolved}`);
    },
  });
}

export async function linkEventbriteEventAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, linkRetailerEvent, {
    done: () => {
      revalidatePath(ordersPath(String(form.get("eventId"))));
      return { ok: true, message: "Saved: only orders of this Eventbrite event are taken in here." };
    },
  });
}

/** The organizer issues a held order's tickets although its amount differs from the mapped prices. */
export async function releaseOrderHoldAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, releaseOrderHold, {
    done: () => {
      const path = `${ordersPath(String(form.get("eventId")))}/${String(form.get("orderId"))}`;
      revalidatePath(path);
      return { ok: true, message: "Released: the tickets are issued." };
    },
  });
}

export async function saveConnectionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const { commerceKeys } = await appConfig();
  const save = (args: { ctx: Ctx; input: Parameters<typeof saveRetailerConnection>[0]["input"] }) => saveRetailerConnection({ ...args, commerceKeys });
  return runFormVerb(form, save, {
    // Secrets are never echoed back into the form.
    echo: false,
    done: (saved) => {
      revalidatePath(ordersPath(String(form.get("eventId"))));
      return { ok: true, message: `Saved the ${saved.retailer} connection. The secret is stored encrypted and is not shown again.` };
    },
  });
}

/** Where links in buyers' mails point: only needed when the form asked to mail them. */
const mailBase = async (form: FormData) => (form.get("mailBuyers") ? { baseUrl: await publicBaseUrl(await cloudflareEnv()) } : {});

/** Removes the account's connection for a retailer (owners only; the verb refuses anyone else). */
export async function removeConnectionAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, removeRetailerConnection, {
    done: (removed) => {
      revalidatePath(ordersPath(String(form.get("eventId"))));
      return { ok: true, message: removed.removed ? `Removed the ${removed.retailer} connection.` : `There was no ${removed.retailer} connection.` };
    },
  });
}

export async function createManualOrderAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createManualOrder, {
    input: () => mailBase(form),
    done: (created) => {
      revalidatePath(ordersPath(String(form.get("eventId"))));
      if (!created.created) return { ok: true, message: `Order ${created.externalOrderId} already exists; nothing changed.` };
      const mapping = created.needsMapping ? "; it needs a ticket type" : "";
      const mail = created.mailed ? " The buyer was mailed their tickets." : form.get("mailBuyers") ? " No mail was sent (today's mail budget for this address or event is used up)." : " Nobody was mailed.";
      return { ok: true, message: `Order ${created.externalOrderId} created${mapping}.${mail}` };
    },
  });
}

export type CsvState =
  | (NonNullable<FormState> & { preview?: CsvPreview; csv?: string; imported?: CsvChunkResult & { createdTotal: number } })
  | null;

const MAX_CSV_BYTES = 1024 * 1024;

async function csvText(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) throw new RangeError("too large");
    return file.text();
  }
  return String(form.get("csv") ?? "");
}

/** Step 1: the preview of an uploaded CSV, with row-level errors. Nothing is written. */
export async function previewCsvAction(_prev: CsvState, form: FormData): Promise<CsvState> {
  const eventId = String(form.get("eventId") ?? "");
  let csv = "";
  try {
    csv = await csvText(form);
    if (!csv.trim()) return { ok: false, message: "Choose a CSV file first.", fieldErrors: { file: ["Choose a CSV file"] } };
    const { ctx } = await requestContext();
    const preview = await previewOrdersCsv({ ctx, input: requestInput({ eventId, csv }) });
    return { ok: true, preview, csv };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: "The file is larger than 1 MiB.", fieldErrors: { file: ["At most 1 MiB"] } };
    return formStateFor(error);
  }
}

/**
 * Step 2 without JavaScript: imports every chunk in this one request (fine for a small file). With JavaScript the
 * page calls `importCsvChunk` chunk by chunk instead and shows a progress bar.
 */
export async function importCsvAction(_prev: CsvState, form: FormData): Promise<CsvState> {
  const eventId = String(form.get("eventId") ?? "");
  const csv = String(form.get("csv") ?? "");
  const options = { beyondCapacity: form.get("beyondCapacity") ?? "", mailBuyers: form.get("mailBuyers") ?? "", ...(await mailBase(form)) };
  let createdTotal = 0;
  let mailedTotal = 0;
  try {
    const { ctx, commit } = await requestContext();
    let offset: number | null = 0;
    let last: CsvChunkResult | null = null;
    try {
      while (offset !== null) {
        last = await importOrdersCsvChunk({ ctx, input: requestInput({ eventId, csv, offset, limit: 100, ...options }) });
        createdTotal += last.created;
        mailedTotal += last.mailed;
        offset = last.next;
      }
    } finally {
      await commit();
    }
    revalidatePath(ordersPath(eventId));
    return last
      ? { ok: true, message: importedMessage(createdTotal, last.total, mailedTotal), imported: { ...last, createdTotal } }
      : null;
  } catch (error) {
    const state = formStateFor(error);
    const sofar = createdTotal > 0 ? ` ${importedMessage(createdTotal, createdTotal, mailedTotal)}` : "";
    return state ? { ...state, message: `${state.message ?? ""}${sofar}` } : state;
  }
}

/** One chunk of an import, called by the page in a loop for its progress bar. */
export async function importCsvChunk(
  eventId: string,
  csv: string,
  offset: number,
  options: { beyondCapacity: boolean; mailBuyers: boolean },
): Promise<CsvChunkResult | { error: string }> {
  try {
    const { ctx, commit } = await requestContext();
    const baseUrl = options.mailBuyers ? { baseUrl: await publicBaseUrl(await cloudflareEnv()) } : {};
    const result = await importOrdersCsvChunk({ ctx, input: requestInput({ eventId, csv, offset, limit: 50, ...options, ...baseUrl }) });
    await commit();
    if (result.next === null) revalidatePath(ordersPath(eventId));
    return result;
  } catch (error) {
    const state = formStateFor(error);
    return { error: state?.message ?? "The import stopped." };
  }
}

const importedMessage = (created: number, total: number, mailed: number) =>
  `Imported ${created} new order${created === 1 ? "" : "s"} of ${total} valid row${total === 1 ? "" : "s"}${
    created < total ? " (the others already existed)" : ""
  }. ${mailed > 0 ? `${mailed} buyer${mailed === 1 ? " was" : "s were"} mailed their tickets.` : "Nobody was mailed."}`;
