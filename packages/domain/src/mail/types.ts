// Mail types on their own, with no imports, so `context.ts` can name the Mailer without importing the mail verbs
// (which import `context.ts` back).

/** A text file sent with a mail, such as a calendar entry (`text/calendar`). */
export type MailAttachment = { filename: string; contentType: string; content: string };

export type MailMessage = { to: string; subject: string; text: string; attachments?: MailAttachment[] };

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
