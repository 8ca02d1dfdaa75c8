// Mail types on their own, with no imports, so `context.ts` can name the Mailer without importing the mail verbs
// (which import `context.ts` back).

/**
 * A file sent with a mail: text (a calendar entry, `text/calendar`) or bytes (a ticket's QR code, `image/png`).
 * `contentId` makes it an inline part that the HTML body shows as `<img src="cid:…">`; clients that do not show
 * inline parts list it as an attached picture.
 */
export type MailAttachment = { filename: string; contentType: string; content: string | Uint8Array; contentId?: string };

/** `html` is optional: every mail has its plain text, which the outbox keeps and text-only clients show. */
export type MailMessage = { to: string; subject: string; text: string; html?: string; attachments?: MailAttachment[] };

/** Email delivery is outside our reach, so verbs talk to this interface. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /**
   * True when `send` only inserts the message into `mail_outbox` of the request's own webapp D1 (local mail): a verb
   * may then write that row in its own batch, guarded like its other writes, instead of calling `send`.
   */
  readonly outbox?: boolean;
}

/** Where mail goes; the webapp's parsed configuration (`@greenroom/config/env`) supplies it. */
export type MailConfig =
  | { transport: "local" }
  | { transport: "http"; apiUrl: string; apiKey: string; from: string };
