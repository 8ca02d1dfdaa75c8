import { listMyAccounts, type OwnedAccount } from "@greenroom/domain/accounts";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { requestContext } from "./context";
import { signInRedirect } from "./transport";

export const ACCOUNT_COOKIE = "gr_account";

/** The account the organizer last picked (a cookie); verbs ignore it unless they own that account. */
export async function chosenAccountId(): Promise<string | undefined> {
  return (await cookies()).get(ACCOUNT_COOKIE)?.value;
}

/** The signed-in user's context (memoized per request, no D1 read beyond the session); others go to sign in. */
export async function signedInContext() {
  const { ctx, commit } = await requestContext();
  if (!ctx.actor) return signInRedirect();
  return { ctx, commit };
}

/**
 * The signed-in organizer's context plus the account they are working in (one read of their accounts, memoized per
 * request); signed-out visitors go to sign in. Pages that need only the actor use signedInContext().
 */
export const organizerContext = cache(async () => {
  const { ctx, commit } = await signedInContext();
  const accounts = await listMyAccounts({ ctx });
  const chosen = await chosenAccountId();
  const account: OwnedAccount | undefined = accounts.find((a) => a.id === chosen) ?? accounts[0];
  // A user who owns no account (an invited speaker) is signed in all the same: their shared events are on /events.
  if (!account) redirect("/events");
  return { ctx, commit, accounts, account };
});
