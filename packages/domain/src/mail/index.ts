import type { WebappDb } from "@greenroom/db/webapp/client";
import { mailOutbox } from "@greenroom/db/webapp/schema";
import { createId } from "@paralleldrive/cuid2";
import { z } from "zod";

export type MailMessage = { to: string; subject: string; text: string };

/** Email delivery is outside our reach, so verbs talk to this interface. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Local delivery: mail lands in the `mail_outbox` table, readable at /dev/outbox. */
export function outboxMailer(db: WebappDb, now: () => Date = () => new Date()): Mailer {
  return {
    async send(message) {
      await db.insert(mailOutbox).values({ id: createId(), ...message, createdAt: now() });
    },
  };
}

/**
 * Real delivery over HTTP to a transactional-mail API that takes `{ from, to, subject, text }` as JSON with a
 * bearer key (Resend's `POST /emails` shape). The key never reaches a log.
 */
export function httpMailer(config: { url: string; apiKey: string; from: string }, fetcher: typeof fetch = fetch): Mailer {
  return {
    async send(message) {
      const response = await fetcher(config.url, {
        method: "POST",
        headers: { authorization: `Bearer ${config.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ from: config.from, to: [message.to], subject: message.subject, text: message.text }),
      });
      if (!response.ok) throw new Error(`mail API answered ${response.status}`);
    },
  };
}

export const MailEnv = z.discriminatedUnion("MAIL_TRANSPORT", [
  z.object({ MAIL_TRANSPORT: z.literal("local") }),
  z.object({
    MAIL_TRANSPORT: z.literal("http"),
    MAIL_API_URL: z.string().url(),
    MAIL_API_KEY: z.string().min(1),
    MAIL_FROM: z.string().min(3),
  }),
]);

/** Picks the mailer from configuration; anything but a complete HTTP configuration means the local outbox. */
export function mailerFromEnv(env: object, db: WebappDb): Mailer {
  const parsed = MailEnv.safeParse({ MAIL_TRANSPORT: "local", ...env });
  if (parsed.success && parsed.data.MAIL_TRANSPORT === "http") {
    return httpMailer({ url: parsed.data.MAIL_API_URL, apiKey: parsed.data.MAIL_API_KEY, from: parsed.data.MAIL_FROM });
  }
  return outboxMailer(db);
}

export { listOutbox, ListOutboxInput, type OutboxMail, OUTBOX_LIMIT } from "./outbox";
