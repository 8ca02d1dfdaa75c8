import { type ApiConfig, apiConfig } from "@greenroom/config/env";
import { webappDb } from "@greenroom/db/webapp/client";
import type { ApiCaller } from "@greenroom/domain/api-keys";
import { type Ctx, secretKeys } from "@greenroom/domain/context";
import { mailerFor } from "@greenroom/domain/mail";
import { stageOverServiceBinding } from "@greenroom/workers/client";
import { withLocalRateLimits } from "./local-limits";

export type ApiBindings = Env;

/** What every request of the API carries through Hono: its parsed configuration, the domain context and the caller. */
export type ApiVariables = { config: ApiConfig<Env>; ctx: Ctx; caller: ApiCaller };
export type ApiEnv = { Bindings: Env; Variables: ApiVariables };

// Local multi-Worker dev drops this Worker's rate limit bindings; `.dev.vars` then asks for in-memory ones.
export const configOf = (env: Env) => apiConfig(withLocalRateLimits(env));

/** The domain context of one request, as the webapp builds it: the same D1, the workers app over RPC, mail, the clock. */
export function apiContext(config: ApiConfig<Env>, caller: ApiCaller | null): Ctx {
  const db = webappDb(config.bindings.WEBAPP_DB);
  return {
    db,
    stage: stageOverServiceBinding(config.bindings.WORKERS),
    mail: mailerFor(config.mail, db),
    actor: caller ? { userId: caller.userId, key: caller.key } : null,
    now: () => new Date(),
    ...secretKeys(config.authSecret),
  };
}
