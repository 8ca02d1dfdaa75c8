import { createId } from "@paralleldrive/cuid2";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { conditionalAuditEntry, keyStillValid } from "../access";
import { PERMISSION_SCOPE } from "../api-keys/scopes";
import { batchStatements } from "../batch";
import { type Ctx, requireActor, unixSeconds } from "../context";
import { forbidden, parseInput, unauthenticated } from "../errors";
import { BaseUrl } from "../invitations/schemas";
import { hashSecretToken, newSecretToken } from "../secret-token";

/** An agent's sign-in link works once, for this many minutes (shorter than a mailed one: it is shown, not mailed). */
export const AGENT_SIGN_IN_LINK_MINUTES = 10;

export const AgentSignInLinkInput = z.object({ baseUrl: BaseUrl });

/** Every permission a key can be given at all: a key holding them all, for every event, is a full key. */
const KEYABLE = Object.entries(PERMISSION_SCOPE)
  .filter(([, scope]) => scope !== null)
  .map(([permission]) => permission);

/**
 * A one-time link that opens Greenroom signed in as the key's user, for an agent to hand to its person (MCP's
 * `sign_in_link`). It is the webapp's own sign-in link (`/signin/link/<token>`: a `sign_in` login token, only its
 * SHA-256 stored, spent once by the existing route) that expires in ten minutes. A browser session can do all its
 * user may, so only a full key gets one: every permission a key can carry, not limited to chosen events (the MCP tool
 * is listed only for a key holding every scope). The token is written only while the key still stands (checked in
 * the insert itself, so a key revoked a moment ago gets nothing), with an audit row in the same batch.
 */
// verb-exempt: acts only on the caller's own user; the full, still-valid key is checked here and in the insert's SQL
export async function createAgentSignInLink({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof AgentSignInLinkInput>;
}): Promise<{ url: string; expiresAt: Date }> {
  const { baseUrl } = parseInput(AgentSignInLinkInput, input);
  const actor = requireActor(ctx);
  const key = actor.key;
  if (!key) throw forbidden("Sign-in links are for programs holding a key; sign in on the sign-in page instead");
  if (key.eventIds !== null || !KEYABLE.every((p) => key.permissions.has(p))) {
    throw forbidden("A sign-in link needs a key with every scope, for every event: a browser session can do all its user may");
  }
  const token = newSecretToken();
  const id = createId();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + AGENT_SIGN_IN_LINK_MINUTES * 60_000);
  const [inserted] = await batchStatements(ctx, [
    sql`INSERT INTO login_tokens (id, user_id, token_hash, purpose, expires_at, created_at)
        SELECT ${id}, ${actor.userId}, ${await hashSecretToken(token)}, 'sign_in', ${unixSeconds(expiresAt)}, ${unixSeconds(now)}
        WHERE ${keyStillValid(actor)}`,
    conditionalAuditEntry(ctx, {
      accountId: key.accountId,
      action: "api_key.sign_in_link",
      targetType: "api_key",
      targetId: key.id,
      after: { expiresAt: expiresAt.toISOString() },
    }).getSQL(),
  ]);
  if ((inserted?.meta.changes ?? 0) === 0) throw unauthenticated("Unknown or revoked API key");
  return { url: `${baseUrl}/signin/link/${token}`, expiresAt };
}
