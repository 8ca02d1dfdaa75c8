import { z } from "zod";
import { API_SCOPES } from "../api-keys/scopes";
import { Id } from "../ids";

/** How long an authorized app keeps its grant (and so its refresh token) before the person authorizes it again. */
export const OAUTH_GRANT_DAYS = 90;

const scopeList = z
  .array(z.enum(API_SCOPES as unknown as [string, ...string[]], { error: "Pick permissions from the list" }))
  .min(1, "Allow at least one permission")
  .max(API_SCOPES.length)
  .transform((scopes) => [...new Set(scopes)].sort());

const idList = z
  .preprocess((v) => (typeof v === "string" ? (v === "" ? [] : [v]) : (v ?? [])), z.array(Id).max(50, "Pick at most 50 events"))
  .transform((ids) => [...new Set(ids)]);

/** What the consent page's Allow submits, with the client as the OAuth provider validated it. */
export const GrantOAuthAppInput = z.object({
  accountId: Id,
  scopes: z.preprocess((v) => (typeof v === "string" ? [v] : v), scopeList),
  // Empty: every event of the account.
  eventIds: idList.optional().transform((ids) => ids ?? []),
  clientId: z.string().min(1).max(2000),
  clientName: z.string().trim().min(1).max(200),
  redirectHost: z.string().min(1).max(255),
});

export const OAuthGrantIdInput = z.object({ grantId: Id });

export const ListOAuthGrantsInput = z.object({ accountId: Id.optional() });

export const AuthenticateOAuthGrantInput = z.object({
  grantId: Id,
  userId: Id,
});
