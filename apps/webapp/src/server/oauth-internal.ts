import { INTERNAL_SIGNATURE_HEADER, signInternalCall } from "@greenroom/domain/oauth/internal-call";
import { appConfig, cloudflareEnv } from "./config";
import { requestOrigin } from "./origin";

export type InternalAnswer = {
  ok: boolean;
  redirectTo?: string;
  message?: string;
  code?: string;
  fieldErrors?: Record<string, string[]> | null;
  [field: string]: unknown;
};

/**
 * A call to the API Worker's internal OAuth paths (apps/api/src/oauth/internal.ts) over the API service binding,
 * signed with AUTH_SECRET. The completion helpers of the OAuth provider live there; this Worker's entry never
 * forwards `/internal/*` from outside, so only this code reaches them.
 */
export async function internalOAuth(step: "describe" | "approve" | "deny" | "revoke", body: Record<string, unknown>): Promise<InternalAnswer> {
  const [env, config, origin] = await Promise.all([cloudflareEnv(), appConfig(), requestOrigin()]);
  const path = `/internal/oauth/${step}`;
  const text = JSON.stringify(body);
  const response = await env.API.fetch(
    new Request(`${origin}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", [INTERNAL_SIGNATURE_HEADER]: await signInternalCall(config.authSecret, path, text) },
      body: text,
    }),
  );
  const answer = (await response.json().catch(() => null)) as InternalAnswer | null;
  return answer ?? { ok: false, message: "Authorization is not available right now; try again in a minute." };
}
