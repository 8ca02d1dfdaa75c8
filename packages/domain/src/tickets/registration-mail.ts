import { users } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { eq, sql } from "drizzle-orm";
import { issueLinkToken, TICKET_CONFIRM_TTL_MINUTES } from "../auth/link-tokens";
import { batchStatements } from "../batch";
import { buildIcs, calendarUid } from "../commerce/ics";
import { formatTicketCode } from "../commerce/ticket-code";
import type { Ctx } from "../context";
import { takeTicketMailBudget } from "../limits";
import { ticketCodeFor } from "./codes";
import { qrPng } from "./qr-png";
import { formatShortCode } from "./short-code";

export type RegistrationMail = {
  email: string;
  name: string;
  baseUrl: string;
  ticketId: string;
  shortCode: string;
  typeName: string;
  event: { id: string; name: string; slug: string; startsAt: Date; endsAt: Date; timeZone: string };
  /** The address's user before this registration, if any. */
  user: { id: string; verified: number } | undefined;
};

export const QR_CONTENT_ID = "ticket-qr";

/**
 * When the event is, in the holder's zone. Greenroom keeps no zone for a person, so that is the event's zone,
 * named: "Sunday 14 March 2027, 18:00 – 20:30 (Europe/Berlin, CET)".
 */
export function eventTimeInZone(start: Date, end: Date, timeZone: string): string {
  const day = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d);
  const time = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit" }).format(d);
  const abbreviation =
    new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "short" }).formatToParts(start).find((p) => p.type === "timeZoneName")
      ?.value ?? "";
  const until = day(end) === day(start) ? time(end) : `${day(end)}, ${time(end)}`;
  return `${day(start)}, ${time(start)} – ${until} (${timeZone}${abbreviation ? `, ${abbreviation}` : ""})`;
}

/**
 * The one mail after a new registration, within the daily ticket-mail budgets of the address and the event: the
 * ticket itself (its QR code as an inline PNG and as an attached picture, its short code and code as text), the
 * event's time in its zone, and the calendar file (one UID per holder and event, `calendarUid`).
 *
 * For an address nobody has verified, the mail's link is also the confirmation: a single-use `verify_email` link
 * (three days) that signs the mailbox's owner in, verifies the address and so turns the ticket into room access
 * (`ticketClaim` in the verification batch). An address with no user gets one here, with no password and not
 * verified, exactly as sign-up leaves it before its link is followed: it can do nothing until the link is. The
 * QR code in the mail gets the holder through the door; rooms wait for the verified address.
 */
export async function mailRegistration(ctx: Ctx, r: RegistrationMail): Promise<void> {
  const [allowed] = await takeTicketMailBudget(ctx, [{ to: r.email, eventId: r.event.id }]);
  if (!allowed) return;
  const base = r.baseUrl.replace(/\/+$/, "");
  const publicPage = `${base}/e/${r.event.slug}`;
  try {
    const confirm = r.user?.verified ? null : await confirmationLink(ctx, r, base);
    const code = await ticketCodeFor(ctx, r.ticketId);
    const [png, uid] = await Promise.all([qrPng(code), calendarUid(r.event.id, r.email)]);
    const when = eventTimeInZone(r.event.startsAt, r.event.endsAt, r.event.timeZone);
    const shortCode = formatShortCode(r.shortCode);
    const next = confirm
      ? [
          "Confirm your address with this link. It works once, for 3 days, signs you in, and opens the event's rooms",
          "to you (until then your ticket gets you through the door, but not into the rooms):",
          confirm,
          "",
          "You need no password: sign in any time with a link mailed to this address.",
        ]
      : ["Your ticket and its rooms are under My events:", `${base}/my`];
    const text = [
      `Hello ${r.name},`,
      "",
      `You're registered for ${r.event.name}.`,
      "",
      `When: ${when}`,
      `Ticket: ${r.typeName}`,
      `Short code: ${shortCode} (read it out at the door)`,
      `Ticket code: ${formatTicketCode(code)}`,
      "Your QR code for the door is in this mail (ticket-qr.png).",
      "",
      ...next,
      "",
      `The event's page: ${publicPage}`,
      "The attached event.ics adds the event to your calendar; adding it again updates the same entry.",
      "",
      "If you did not register, ignore this mail.",
    ].join("\n");
    const ics = buildIcs({
      uid,
      dtstamp: ctx.now(),
      start: r.event.startsAt,
      end: r.event.endsAt,
      summary: r.event.name,
      description: `${r.typeName} ticket, short code ${shortCode}. Your ticket: ${publicPage}`,
      url: publicPage,
    });
    await ctx.mail.send({
      to: r.email,
      subject: `Your ticket for ${r.event.name}`,
      text,
      html: registrationHtml({ ...r, when, shortCode, code: formatTicketCode(code), confirm, base, publicPage }),
      attachments: [
        { filename: "ticket-qr.png", contentType: "image/png", content: png, contentId: QR_CONTENT_ID },
        { filename: "event.ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH", content: ics },
      ],
    });
  } catch {
    // The ticket is stored either way; it is under My events once the address is verified.
  }
}

/** A `verify_email` link for the address's user, made first (no password, unverified) when there is none. */
async function confirmationLink(ctx: Ctx, r: RegistrationMail, base: string): Promise<string> {
  let userId = r.user?.id;
  if (!userId) {
    const now = ctx.now();
    const newUser = createId();
    const accountId = createId();
    const made = sql`EXISTS (SELECT 1 FROM users WHERE id = ${newUser})`;
    const [, , , found] = await batchStatements(ctx, [
      // Another request may have made the user a moment ago: then that one is used.
      ctx.db.insert(users).values({ id: newUser, email: r.email, name: r.name, createdAt: now }).onConflictDoNothing(),
      sql`INSERT INTO accounts (id, name, kind, founded_by, created_at)
          SELECT ${accountId}, ${`${r.name}'s events`}, 'personal', ${newUser}, ${Math.floor(now.getTime() / 1000)} WHERE ${made}`,
      sql`INSERT INTO account_ownership (account_id, user_id, created_at)
          SELECT ${accountId}, ${newUser}, ${Math.floor(now.getTime() / 1000)} WHERE ${made}`,
      ctx.db.select({ id: users.id }).from(users).where(eq(users.email, r.email)),
    ]);
    userId = (found?.results as { id: string }[] | undefined)?.[0]?.id;
    if (!userId) throw new Error("the holder's user was not stored");
  }
  const token = await issueLinkToken(ctx, userId, "verify_email", TICKET_CONFIRM_TTL_MINUTES);
  return `${base}/verify/${token}?next=${encodeURIComponent(`/e/${r.event.slug}`)}`;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

function registrationHtml(m: RegistrationMail & { when: string; shortCode: string; code: string; confirm: string | null; base: string; publicPage: string }): string {
  const e = escapeHtml;
  const action = m.confirm
    ? `<p><a href="${e(m.confirm)}" style="display:inline-block;padding:12px 20px;background:#047857;color:#fff;border-radius:6px;text-decoration:none;font-weight:bold">Confirm my address</a></p>
<p style="color:#475569">The link works once, for 3 days. It signs you in and opens the event's rooms to you; until then your ticket gets you through the door, but not into the rooms. You need no password: sign in any time with a link mailed to this address.</p>`
    : `<p><a href="${e(`${m.base}/my`)}">Your ticket and its rooms are under My events</a></p>`;
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;max-width:560px">
<p>Hello ${e(m.name)},</p>
<h1 style="font-size:20px">You're registered for ${e(m.event.name)}</h1>
<p><strong>When:</strong> ${e(m.when)}<br><strong>Ticket:</strong> ${e(m.typeName)}</p>
<p><img src="cid:${QR_CONTENT_ID}" width="240" height="240" alt="QR code of your ticket"></p>
<p><strong>Short code:</strong> <span style="font-family:monospace;font-size:20px">${e(m.shortCode)}</span> (read it out at the door)<br>
<strong>Ticket code:</strong> <span style="font-family:monospace">${e(m.code)}</span></p>
${action}
<p><a href="${e(m.publicPage)}">The event's page</a>. The attached event.ics adds the event to your calendar; adding it again updates the same entry.</p>
<p style="color:#475569">If you did not register, ignore this mail.</p>
</body></html>`;
}
