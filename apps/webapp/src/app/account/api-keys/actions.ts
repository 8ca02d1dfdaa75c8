"use server";

import { createApiKey, revokeApiKey, rollApiKey } from "@greenroom/domain/api-keys";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { allValues, runFormVerb } from "@/server/form";
import { internalOAuth } from "@/server/oauth-internal";
import { signedInContext } from "@/server/session";
import type { FormState } from "@/server/transport";

/**
 * A form's state that may carry a new secret. It lives only in the answer to the post (the page rendered for it,
 * with or without JavaScript): never in a URL or a cookie, so reloading or coming back does not show it again.
 */
export type KeyFormState = (NonNullable<FormState> & { secret?: string; until?: string }) | null;

const PAGE = "/account/api-keys";

export async function createApiKeyAction(_prev: KeyFormState, form: FormData): Promise<KeyFormState> {
  return runFormVerb(form, createApiKey, {
    input: (_, posted) => ({ scopes: allValues(posted, "scopes"), eventIds: allValues(posted, "eventIds") }),
    done: (key): KeyFormState => {
      revalidatePath(PAGE);
      return { ok: true, message: `Key ${key.display} created`, secret: key.secret, until: key.expiresAt.toISOString() };
    },
  });
}

export async function rollApiKeyAction(_prev: KeyFormState, form: FormData): Promise<KeyFormState> {
  return runFormVerb(form, rollApiKey, {
    done: (rolled): KeyFormState => {
      revalidatePath(PAGE);
      return {
        ok: true,
        message: `New secret ${rolled.display}`,
        secret: rolled.secret,
        until: rolled.previousValidUntil?.toISOString(),
      };
    },
  });
}

export async function revokeApiKeyAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, revokeApiKey, {
    done: () => {
      revalidatePath(PAGE);
      return { ok: true, message: "Key revoked: programs using it are refused from now on" };
    },
  });
}

/**
 * Revokes an app authorized over OAuth, a plain form post: the API Worker runs `revokeOAuthGrant` as this user and
 * drops the provider's tokens, so the app's next call gets 401.
 */
export async function revokeOAuthGrantAction(form: FormData): Promise<void> {
  const { ctx } = await signedInContext();
  await internalOAuth("revoke", { userId: ctx.actor?.userId, grantId: String(form.get("grantId") ?? "") });
  revalidatePath(PAGE);
}

const values = (form: FormData, name: string) => form.getAll(name).map(String).filter(Boolean);

/**
 * Allow or Deny on the consent page, a plain form post. Deny: the app hears access_denied and nothing is written.
 * Allow: the API Worker writes the grant (as `grantOAuthApp` authorizes it) and completes the authorization; the
 * browser goes back to the app with its code. A refusal comes back to the page with its message by the field.
 */
export async function decideAuthorizationAction(form: FormData): Promise<void> {
  const { ctx } = await signedInContext();
  const query = String(form.get("query") ?? "");
  if (form.get("decision") !== "allow") {
    const denied = await internalOAuth("deny", { query });
    redirect(denied.redirectTo ?? "/account/api-keys");
  }
  const answer = await internalOAuth("approve", {
    query,
    userId: ctx.actor?.userId,
    accountId: String(form.get("accountId") ?? ""),
    scopes: values(form, "scopes"),
    eventIds: values(form, "eventIds"),
  });
  if (answer.redirectTo) redirect(answer.redirectTo);
  const back = new URLSearchParams(query);
  const [field, messages] = Object.entries(answer.fieldErrors ?? {})[0] ?? ["_form", [answer.message ?? "That did not work"]];
  back.set("gr_error", messages[0] ?? answer.message ?? "That did not work");
  back.set("gr_field", field);
  redirect(`/oauth/authorize?${back.toString()}`);
}
