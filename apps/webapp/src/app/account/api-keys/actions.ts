"use server";

import { createApiKey, revokeApiKey, rollApiKey } from "@greenroom/domain/api-keys";
import { revalidatePath } from "next/cache";
import { allValues, runFormVerb } from "@/server/form";
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
