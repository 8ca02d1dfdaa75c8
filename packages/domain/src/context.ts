import type { WebappDb } from "@greenroom/db/webapp/client";
import type { StageApi } from "@greenroom/stage/contract";
import { unauthenticated } from "./errors";
import type { Mailer } from "./mail/types";

export type Actor = { userId: string };

/** Everything a verb may touch: the request's webapp D1 handle, the workers app, mail, the actor and the clock. */
export type Ctx = {
  db: WebappDb;
  stage: StageApi;
  mail: Mailer;
  actor: Actor | null;
  now: () => Date;
  /** Key material for signed ticket codes (the webapp passes its AUTH_SECRET; `tickets/codes.ts` derives the key). */
  ticketCodeKey?: string;
};

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
}

export const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
