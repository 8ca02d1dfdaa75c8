import { externalSkuMappings, ticketTypeRooms, ticketTypes } from "@greenroom/db/webapp/schema";
import type { Retailer } from "@greenroom/db/webapp/values";
import { createId } from "@paralleldrive/cuid2";
import { testCtx } from "./factories";

/** A ticket type of `event` opening `roomIds` (what the ticket-type verbs create; written directly for order tests). */
export async function makeTicketType(event: { id: string; accountId: string }, roomIds: string[], name = `Pass ${createId().slice(0, 6)}`) {
  const db = testCtx().db;
  const id = createId();
  await db.insert(ticketTypes).values({ id, accountId: event.accountId, eventId: event.id, name, createdAt: new Date() });
  if (roomIds.length > 0) await db.insert(ticketTypeRooms).values(roomIds.map((roomId) => ({ ticketTypeId: id, roomId })));
  return { id, name };
}

/** A SKU mapping written directly (the mapping verb is tested on its own). */
export async function makeSkuMapping(
  event: { id: string; accountId: string },
  retailer: Retailer,
  externalSku: string,
  ticketTypeId: string,
) {
  await testCtx()
    .db.insert(externalSkuMappings)
    .values({ id: createId(), accountId: event.accountId, eventId: event.id, retailer, externalSku, ticketTypeId, createdAt: new Date() });
}
