/**
 * The part of a ticket mail that says where the tickets are, by the state of the holder's address: a verified
 * account finds them under My events; an unverified account must confirm its address first; an address without an
 * account gets a sign-up link that carries it. Tickets open their rooms only for a verified address (`ticketClaim`).
 */
export function whereYourTicketsAre(input: {
  baseUrl: string;
  email: string;
  account: "verified" | "unverified" | "none";
  count: number;
}): string {
  const base = input.baseUrl.replace(/\/+$/, "");
  const my = encodeURIComponent("/my");
  const them = input.count === 1 ? "your ticket" : "your tickets";
  if (input.account === "verified") {
    return `${input.count === 1 ? "Your ticket, with its QR code" : "Your tickets, with their QR codes"} for the door, ${input.count === 1 ? "is" : "are"} under My events:\n${base}/my`;
  }
  if (input.account === "unverified") {
    return `Confirm your address to open ${them}: sign in and follow the verification link we mailed you (or send it again from the banner):\n${base}/signin?next=${my}`;
  }
  return `Create your Greenroom account with this address to receive ${them}, then follow the verification link we send you. They open the event's rooms as soon as the address is confirmed:\n${base}/signup?email=${encodeURIComponent(input.email)}&next=${my}`;
}
