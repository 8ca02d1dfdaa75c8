import type { WebappDb } from "@greenroom/db/webapp/client";
import { mailOutbox } from "@greenroom/db/webapp/schema";
import { encodeBase64 } from "@oslojs/encoding";
import { createId } from "@paralleldrive/cuid2";
import type { MailConfig, Mailer, MailMessage } from "./types";

/**
 * The outbox keeps text only: attachments are appended to the body, each under a line naming it; a file of bytes
 * is written in base64 on one line (so a test can read a mailed QR code back).
 */
function outboxText(message: MailMessage): string {
  const files = (message.attachments ?? []).map((a) => {
    const inline = a.contentId ? `, inline as cid:${a.contentId}` : "";
    const body = typeof a.content === "string" ? a.content : `base64:${encodeBase64(a.content)}`;
    return `\n\n--- Attachment: ${a.filename} (${a.contentType}${inline}) ---\n${body}`;
  });
  return `${message.text}${files.join("")}`;
}

/** Local delivery: mail lands in the `mail_outbox` table, readable at /dev/outbox. */
export function outboxMailer(db: WebappDb, now: () => Date = () => new Date()): Mailer {
  return {
    outbox: true,
    async send(message) {
      await db.insert(mailOutbox).values({ id: createId(), to: message.to, subject: message.subject, text: outboxText(message), createdAt: now() });
    },
  };
}

/**
 * Real delivery over HTTP to a transactional-mail API that takes `{ from, to, subject, text, html, attachments }`
 * as JSON with a bearer key (Resend's `POST /emails` shape; attachments as `{ filename, content: base64,
 * content_type, content_id }`, where `content_id` makes an inline image for `cid:` in the HTML). The key never
 * reaches a log.
 */
export function httpMailer(config: { url: string; apiKey: string; from: string }, fetcher: typeof fetch = fetch): Mailer {
  return {
    async send(message) {
      const response = await fetcher(config.url, {
        method: "POST",
        headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          from: config.from,
          to: [message.to],
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.attachments?.length
            ? {
                attachments: message.attachments.map((a) => ({
                  filename: a.filename,
                  content: encodeBase64(typeof a.content === "string" ? new TextEncoder().encode(a.content) : a.content),
                  content_type: a.contentType,
                  ...(a.contentId ? { content_id: a.contentId } : {}),
                })),
              }
            : {}),
        }),
      });
      if (!response.ok) throw new Error(`mail API answered ${response.status}`);
    },
  };
}

/**
 * The mailer the configuration asks for. There is no fallback: an unset or incomplete mail configuration is
 * refused when the configuration is parsed, so a deploy never writes tokens into the outbox and reports them sent.
 */
export function mailerFor(config: MailConfig, db: WebappDb): Mailer {
  if (config.transport === "http") return httpMailer({ url: config.apiUrl, apiKey: config.apiKey, from: config.from });
  return outboxMailer(db);
}

export { listOutbox, ListOutboxInput, type OutboxMail, OUTBOX_LIMIT } from "./outbox";
export type { MailAttachment, MailConfig, Mailer, MailMessage } from "./types";
