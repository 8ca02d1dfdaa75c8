import { z } from "zod";

/** Variables and secrets the webapp Worker expects; checked once per request where they are read. */
export const WebappVars = z.object({
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
});
export type WebappVars = z.infer<typeof WebappVars>;
