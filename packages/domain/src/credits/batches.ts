import { creditCodeBatches } from "@greenroom/db/webapp/schema";
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { auditEntry, tableRow } from "../access";
import { adminRead, requirePlatformAdmin } from "../admin/platform-admin";
import { batchStatements } from "../batch";
import type { Ctx } from "../context";
import { streamCsv } from "../csv-stream";
import { conflict, invalid, notFound, parseInput } from "../errors";
import { newId } from "../ids";
import { codeHash, deriveCode, formatCode } from "./code-format";
import { CodeBatchRef, CreateCodeBatchInput } from "./schemas";

/** The Workers secret the codes and their hashes are keyed with (AUTH_SECRET). */
export function codeSecret(ctx: Ctx): string {
  if (!ctx.creditCodeSecret) throw new Error("Redemption codes need the Worker's AUTH_SECRET in the domain context");
  return ctx.creditCodeSecret;
}

const CODES_PER_STATEMENT = 250;
const DAY = 24 * 60 * 60;

export type CodeBatch = {
  id: string;
  label: string;
  valueMinutes: number;
  codeCount: number;
  maxUses: number;
  expiresAt: Date;
  createdAt: Date;
  createdByEmail: string | null;
  granted: number;
  pending: number;
};

/**
 * A platform admin makes a batch of codes: the batch row, one row per code with only its keyed hash, and an audit
 * row, in one batch. The codes themselves are derived again for the CSV (`codeBatchCsv`).
 */
export async function createCodeBatch({ ctx, input }: { ctx: Ctx; input: CreateCodeBatchInput }): Promise<{ batchId: string }> {
  const actor = await requirePlatformAdmin(ctx);
  const data = parseInput(CreateCodeBatchInput, input);
  const nowS = Math.floor(ctx.now().getTime() / 1000);
  // The codes work through the whole last day, UTC.
  const expiresAt = Math.floor(Date.parse(`${data.expiresOn}T00:00:00Z`) / 1000) + DAY;
  if (!Number.isFinite(expiresAt)) throw invalid("Check the form", { expiresOn: ["Not a date"] });
  if (expiresAt <= nowS) throw invalid("Check the form", { expiresOn: ["Pick a day from today on"] });
  const maxUses = data.uses === "single" ? 1 : (data.maxUses ?? 2);
  const batchId = newId();
  const secret = codeSecret(ctx);
  const codes = await Promise.all(
    Array.from({ length: data.count }, async (_, position) => ({ id: newId(), p: position, h: await codeHash(secret, await deriveCode(secret, batchId, position)) })),
  );
  const statements = [
    sql`INSERT INTO credit_code_batches (id, label, value_minutes, code_count, max_uses, expires_at, created_by, created_at)
        VALUES (${batchId}, ${data.label}, ${data.valueMinutes}, ${data.count}, ${maxUses}, ${expiresAt}, ${actor.userId}, ${nowS})`,
  ];
  for (let i = 0; i < codes.length; i += CODES_PER_STATEMENT) {
    statements.push(sql`INSERT INTO credit_codes (id, batch_id, position, code_hash, uses)
        SELECT value ->> '$.id', ${batchId}, value ->> '$.p', value ->> '$.h', 0 FROM json_each(${JSON.stringify(codes.slice(i, i + CODES_PER_STATEMENT))})`);
  }
  await batchStatements(ctx, [
    ...statements,
    auditEntry(ctx, {
      accountId: null,
      action: "credit_codes.create",
      targetType: "credit_code_batch",
      targetId: batchId,
      after: { label: data.label, valueMinutes: data.valueMinutes, count: data.count, maxUses, expiresAt },
    }),
  ]);
  return { batchId };
}

/** The batches, newest first, with how many redemptions each has granted and how many wait for their grant. */
export async function listCodeBatches({ ctx }: { ctx: Ctx }): Promise<CodeBatch[]> {
  const rows = await adminRead<Record<string, unknown> & { email: string | null; granted: number; pending: number }>(
    ctx,
    sql`SELECT b.*, u.email,
          (SELECT COUNT(*) FROM credit_claims c JOIN credit_codes k ON k.id = c.code_id WHERE k.batch_id = b.id AND c.status = 'granted') AS granted,
          (SELECT COUNT(*) FROM credit_claims c JOIN credit_codes k ON k.id = c.code_id WHERE k.batch_id = b.id AND c.status = 'claimed') AS pending
        FROM credit_code_batches b LEFT JOIN users u ON u.id = b.created_by
        ORDER BY b.created_at DESC, b.id LIMIT 100`,
  );
  return rows.map((r) => {
    const b = tableRow(creditCodeBatches, r);
    return {
      id: b.id,
      label: b.label,
      valueMinutes: b.valueMinutes,
      codeCount: b.codeCount,
      maxUses: b.maxUses,
      expiresAt: b.expiresAt,
      createdAt: b.createdAt,
      createdByEmail: r.email,
      granted: Number(r.granted),
      pending: Number(r.pending),
    };
  });
}

type CodeRow = { position: number; code_hash: string; uses: number };

/**
 * The batch's codes as a CSV (platform admins), each derived again from the batch id and its position and checked
 * against its stored hash first, so a changed AUTH_SECRET is refused rather than handing out codes that do not work.
 * The download is audited.
 */
export async function codeBatchCsv({ ctx, input }: { ctx: Ctx; input: z.input<typeof CodeBatchRef> }) {
  await requirePlatformAdmin(ctx);
  const { batchId } = parseInput(CodeBatchRef, input);
  const secret = codeSecret(ctx);
  const [batchRows, firstRows] = await batchStatements(ctx, [
    sql`SELECT * FROM credit_code_batches WHERE id = ${batchId}`,
    sql`SELECT position, code_hash FROM credit_codes WHERE batch_id = ${batchId} AND position = 0`,
    auditEntry(ctx, { accountId: null, action: "credit_codes.download", targetType: "credit_code_batch", targetId: batchId }),
  ]);
  const raw = batchRows?.results?.[0] as Record<string, unknown> | undefined;
  if (!raw) throw notFound();
  const batch = tableRow(creditCodeBatches, raw);
  const first = firstRows?.results?.[0] as CodeRow | undefined;
  if (!first || (await codeHash(secret, await deriveCode(secret, batchId, 0))) !== first.code_hash) {
    throw conflict("The codes of this batch can no longer be made again (the Workers secret has changed). Make a new batch.");
  }
  const lastDay = new Date(batch.expiresAt.getTime() - 1000).toISOString().slice(0, 10);
  const body = streamCsv<CodeRow & { code: string }, number>({
    columns: ["code", "minutes", "accounts_per_code", "redeemed", "last_day", "batch"],
    pageSize: 200,
    // Each page derives its codes as it is read (the codes exist nowhere else).
    page: async (after, limit) => {
      const rows = await ctx.db.all<CodeRow>(sql`SELECT position, code_hash, uses FROM credit_codes
          WHERE batch_id = ${batchId} AND position > ${after ?? -1} ORDER BY position LIMIT ${limit}`);
      return Promise.all(rows.map(async (r) => ({ ...r, code: formatCode(await deriveCode(secret, batchId, r.position)) })));
    },
    cursorAfter: (last) => last.position,
    record: (r) => [r.code, batch.valueMinutes, batch.maxUses, r.uses, lastDay, batch.label],
  });
  return { filename: `credit-codes-${batchId}.csv`, body };
}
