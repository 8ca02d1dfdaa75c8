import { encodeHexLowerCase } from "@oslojs/encoding";
import { hmacSha256 } from "../commerce/crypto";
import { signTicketCode, type TicketCodeResult, verifyTicketCode } from "../commerce/ticket-code";
import type { Ctx } from "../context";

/**
 * The key that signs ticket codes, derived from the context's key material (the webapp's AUTH_SECRET) under its own
 * label, so a ticket code never doubles as anything Auth.js signs. Rotating AUTH_SECRET re-signs every code.
 */
async function ticketCodeSecret(ctx: Ctx): Promise<string> {
  if (!ctx.ticketCodeKey) throw new Error("The context has no ticket code key");
  return encodeHexLowerCase(await hmacSha256(ctx.ticketCodeKey, "greenroom ticket codes v1"));
}

/** The signed code shown as a QR code and as text on the holder's ticket. */
export async function ticketCodeFor(ctx: Ctx, ticketId: string): Promise<string> {
  return signTicketCode(ticketId, await ticketCodeSecret(ctx));
}

/** Checks a scanned or typed code; a valid one names its ticket (whose state the caller still checks). */
export async function checkTicketCode(ctx: Ctx, code: string): Promise<TicketCodeResult> {
  return verifyTicketCode(code, await ticketCodeSecret(ctx));
}
