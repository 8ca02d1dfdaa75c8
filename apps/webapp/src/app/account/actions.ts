"use server";

import { addCoOwner, createOrganizationAccount, removeOwner } from "@greenroom/domain/accounts";
import { clientIpFrom, endAllSessions, setPassword } from "@greenroom/domain/auth";
import { redeemCreditCode } from "@greenroom/domain/credits";
import { deleteOwnAccount } from "@greenroom/domain/operations";
import {
  addRoleInheritance,
  createRole,
  deleteRole,
  removeRoleInheritance,
  updateRolePermissions,
} from "@greenroom/domain/roles";
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { allValues, runFormVerb } from "@/server/form";
import { signOut } from "@/auth";
import { requestContext } from "@/server/context";
import { ACCOUNT_COOKIE } from "@/server/session";
import type { FormState } from "@/server/transport";

export async function createOrganizationAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createOrganizationAccount, {
    done: async (account) => {
      (await cookies()).set(ACCOUNT_COOKIE, account.id, { httpOnly: true, sameSite: "lax", path: "/" });
      redirect("/account");
    },
  });
}

export async function addCoOwnerAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, addCoOwner, {
    done: (owner) => {
      revalidatePath("/account");
      return { ok: true, message: `${owner.email} is now a co-owner` };
    },
  });
}

export async function removeOwnerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const userId = form.get("userId");
  return runFormVerb(form, removeOwner, {
    done: async (_, ctx) => {
      // Leaving the account: forget it as the current one and start over on the account page.
      if (ctx.actor?.userId === userId) {
        (await cookies()).delete(ACCOUNT_COOKIE);
        redirect("/account");
      }
      revalidatePath("/account");
      return { ok: true, message: "Owner removed" };
    },
  });
}

/** Checkbox groups arrive as repeated fields; the form echoes them back joined by commas. */
const roleLists = (_: unknown, form: FormData) => ({
  permissions: allValues(form, "permissions"),
  inherits: allValues(form, "inherits"),
});

const rolesSaved = (message: string) => (): FormState => {
  revalidatePath("/account/roles");
  return { ok: true, message };
};

export async function createRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createRole, {
    input: roleLists,
    done: (role) => rolesSaved(`Role “${role.name}” created`)(),
  });
}

export async function updateRolePermissionsAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, updateRolePermissions, {
    input: (_, posted) => ({ permissions: allValues(posted, "permissions") }),
    done: rolesSaved("Permissions saved"),
  });
}

export async function addRoleInheritanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, addRoleInheritance, { done: rolesSaved("Inherited role added") });
}

export async function removeRoleInheritanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, removeRoleInheritance, { done: rolesSaved("Inherited role removed") });
}

export async function deleteRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, deleteRole, { done: rolesSaved("Role deleted") });
}

/** "Sign out everywhere": ends every session of the user on the server, then clears this browser's cookie. */
export async function signOutEverywhereAction(): Promise<void> {
  const { ctx, commit } = await requestContext();
  if (ctx.actor) {
    await endAllSessions({ ctx });
    await commit();
  }
  await signOut({ redirectTo: "/signin" });
}

/**
 * Deletes the signed-in user's own account through the delete-user flow, then signs them out (the flow's first step
 * ends their sessions anyway). Refused while they are the only owner of an organization.
 */
export async function deleteOwnAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, deleteOwnAccount, { done: () => signOut({ redirectTo: "/signin" }) });
}

/** Redeems a code for the account: granted now, or claimed with the grant pending (the page shows it). */
export async function redeemCodeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, redeemCreditCode, {
    input: async () => ({ ip: clientIpFrom(await headers()) }),
    done: (result) => {
      revalidatePath("/account");
      return result.status === "granted"
        ? { ok: true, message: `${result.minutes} minutes added. Your balance is ${result.balance} minutes.` }
        : { ok: true, message: `Code accepted: ${result.minutes} minutes are on their way (shown as pending below).` };
    },
  });
}

/** Sets (or changes) the signed-in user's password; without one they sign in with mailed links. */
export async function setPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, setPassword, {
    echo: false,
    done: () => ({ ok: true, message: "Your password is set. You can now sign in with it, or with a mailed link." }),
  });
}
