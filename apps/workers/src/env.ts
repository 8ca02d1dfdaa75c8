/// <reference path="./worker-configuration.d.ts" />
import { workersConfig } from "@greenroom/config/env";

/** The workers app's bindings, as `wrangler types` generates them into worker-configuration.d.ts (`pnpm types`). */
export type WorkersEnv = Env;

/** The typed, validated configuration; a missing binding fails the first call with a message naming it. */
export const configOf = (env: WorkersEnv) => workersConfig(env);
