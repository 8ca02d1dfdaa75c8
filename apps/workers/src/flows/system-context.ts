import { webappDb } from "@greenroom/db/webapp/client";
import type { Ctx } from "@greenroom/domain/context";
import { stageApiFor } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "../env";

/**
 * The domain context of the workers app's flows and reconciler: the webapp D1 through WEBAPP_DB, no actor (the flow
 * was authorized when its operation was started), the Worker's clock. The workers app sends no mail.
 */
export function systemContext(env: WorkersEnv): Ctx {
  return {
    db: webappDb(env.WEBAPP_DB),
    stage: stageApiFor(configOf(env).shards),
    mail: {
      send: async () => {
        throw new Error("The workers app sends no mail");
      },
    },
    actor: null,
    now: () => new Date(),
  };
}
