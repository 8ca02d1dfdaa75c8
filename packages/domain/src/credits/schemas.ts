import { z } from "zod";
import { Id } from "../ids";

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** A platform admin's new batch of redemption codes (the admin dashboard's form). */
export const CreateCodeBatchInput = z
  .object({
    label: z.string().trim().min(1, "Give the batch a name, e.g. who the codes are for").max(80),
    valueMinutes: z.coerce.number().int("Whole minutes").min(1, "At least 1 minute").max(100_000, "At most 100,000 minutes"),
    count: z.coerce.number().int("A whole number").min(1, "At least 1 code").max(1000, "At most 1,000 codes per batch"),
    // The last day the codes work (UTC, inclusive).
    expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick the last day the codes work"),
    uses: z.enum(["single", "multi"], { message: "Choose single or multi use" }),
    // Multi use: how many accounts may redeem each code (each account once).
    maxUses: z.preprocess(blankToUndefined, z.coerce.number().int().min(2, "At least 2 accounts").max(100_000).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.uses === "multi" && v.maxUses === undefined) {
      ctx.addIssue({ code: "custom", path: ["maxUses"], message: "Say how many accounts may redeem each code" });
    }
  });
export type CreateCodeBatchInput = z.input<typeof CreateCodeBatchInput>;

export const CodeBatchRef = z.object({ batchId: Id });

export const RedeemCodeInput = z.object({
  accountId: Id,
  code: z.string().trim().min(1, "Enter the code").max(40, "A code has 13 letters and digits"),
  // The client's address (for the per-IP limit), from the edge.
  ip: z.string().max(64).optional(),
});
export type RedeemCodeInput = z.input<typeof RedeemCodeInput>;

export const AccountCreditsInput = z.object({ accountId: Id, limit: z.coerce.number().int().min(1).max(100).default(20) });

/** A step of the grant flow (the workers app's system context). */
export const ClaimStepInput = z.object({ claimId: Id, operationId: Id });
