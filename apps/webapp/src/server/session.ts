import { listMyAccounts, type OwnedAccount } from "@greenroom/domain/accounts";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requestContext } from "./context";
import { signInRedirect } from "./transport";

export const ACCOUNT_COOKIE = "gr_account";

/** The signed-in organizer's context plus the account they are working in; signed-out visitors go to sign in. */
export async function organizerContext() {
  const { ctx, commit } = await requestContext();
  if (!ctx.actor) return signInRedirect();
  const accounts = await listMyAccounts({ ctx });
  const chosen = (await cookies()).get(ACCOUNT_COOKIE)?.value;
  const account: OwnedAccount | undefined = accounts.find((a) => a.id === chosen) ?? accounts[0];
  if (!account) redirect("/signin");
  return { ctx, commit, accounts, account };
}
