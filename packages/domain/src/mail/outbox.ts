import { mailOutbox } from "@greenroom/db/webapp/schema";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { notFound, parseInput } from "../errors";

export const ListOutboxInput = z.object({
  // The deployment's MAIL_TRANSPORT; the outbox exists only for "local".
  mailTransport: z.string().optional(),
  to: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().toLowerCase().max(254).optional(),
  ),
});
export type ListOutboxInput = z.infer<typeof ListOutboxInput>;

export type OutboxMail = { id: string; to: string; subject: string; text: string; createdAt: Date };

export const OUTBOX_LIMIT = 50;

/**
 * The newest mails of the local outbox, optionally for one address. A local development tool: no check beyond
 * the transport, so it answers not_found unless mail is delivered to the outbox ("local") rather than sent.
 */
export async function listOutbox({ ctx, input }: { ctx: Ctx; input: z.input<typeof ListOutboxInput> }): Promise<OutboxMail[]> {
  const data = parseInput(ListOutboxInput, input);
  if (data.mailTransport !== "local") throw notFound();
  return ctx.db
    .select()
    .from(mailOutbox)
    .where(data.to ? eq(mailOutbox.to, data.to) : undefined)
    // rowid breaks ties within a second in insertion order
    .orderBy(desc(mailOutbox.createdAt), desc(sql`rowid`))
    .limit(OUTBOX_LIMIT);
}
