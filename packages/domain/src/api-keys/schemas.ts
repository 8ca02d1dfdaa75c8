import { z } from "zod";
import { Id } from "../ids";
import { API_SCOPES } from "./scopes";

export const API_KEY_DEFAULT_DAYS = 90;
export const API_KEY_MAX_DAYS = 365;
/** Keys one person may hold in one account at a time (revoked and expired ones do not count). */
export const API_KEYS_PER_USER_AND_ACCOUNT = 25;

const scopeList = z
  .array(z.enum(API_SCOPES as unknown as [string, ...string[]], { error: "Pick scopes from the list" }))
  .min(1, "Pick at least one scope")
  .max(API_SCOPES.length)
  .transform((scopes) => [...new Set(scopes)].sort());

export const CreateApiKeyInput = z.object({
  accountId: Id,
  name: z.string().trim().min(1, "Give the key a name").max(80, "Use at most 80 characters"),
  scopes: z.preprocess((v) => (typeof v === "string" ? [v] : v), scopeList),
  // Empty: every event of the account.
  eventIds: z
    .preprocess((v) => (typeof v === "string" ? (v === "" ? [] : [v]) : (v ?? [])), z.array(Id).max(50, "Pick at most 50 events"))
    .transform((ids) => [...new Set(ids)])
    // Optional for callers (an absent field is every event), always a list for the verb.
    .default([]),
  expiresInDays: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, "A key lasts at least a day")
    .max(API_KEY_MAX_DAYS, `A key lasts at most ${API_KEY_MAX_DAYS} days`)
    .default(API_KEY_DEFAULT_DAYS),
});

export const ApiKeyIdInput = z.object({ keyId: Id });

export const RollApiKeyInput = ApiKeyIdInput.extend({
  // How long the old secret keeps working, so a program can switch without downtime.
  graceHours: z.coerce.number().int().min(0).max(7 * 24).default(24),
});

export const ListApiKeysInput = z.object({ accountId: Id.optional() });

export const AuthenticateApiKeyInput = z.object({
  secret: z.string().max(200),
  ip: z.string().max(64).optional(),
});
