"use server";

import { addCoOwner, createOrganizationAccount, removeOwner } from "@greenroom/domain/accounts";
import { endAllSessions } from "@greenroom/domain/auth";
import {
  addRoleInheritance,
  createRole,
  deleteRole,
  removeRoleInheritance,
  updateRolePermissions,
} from "@greenroom/domain/roles";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import { requestContext } from "@/server/context";
import { ACCOUNT_COOKIE } from "@/server/session";
import { type FormState, formObject, formStateFor } from "@/server/transport";

/** Checkbox groups arrive as repeated fields; the form echoes them back joined by commas. */
function checked(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}

export async function createOrganizationAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const account = await createOrganizationAccount({ ctx, input: { name: fields.name } });
    await commit();
    (await cookies()).set(ACCOUNT_COOKIE, account.id, { httpOnly: true, sameSite: "lax", path: "/" });
  } catch (error) {
    return formStateFor(error, fields);
  }
  redirect("/account");
}

export async function addCoOwnerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    const owner = await addCoOwner({ ctx, input: { accountId: fields.accountId, email: fields.email } });
    await commit();
    revalidatePath("/account");
    return { ok: true, message: `${owner.email} is now a co-owner` };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function removeOwnerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    await removeOwner({ ctx, input: { accountId: fields.accountId, userId: fields.userId } });
    await commit();
    if (ctx.actor?.userId === fields.userId) {
      (await cookies()).delete(ACCOUNT_COOKIE);
    } else {
      revalidatePath("/account");
      return { ok: true, message: "Owner removed" };
    }
  } catch (error) {
    return formStateFor(error, fields);
  }
  redirect("/account");
}

export async function createRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  const permissions = checked(form, "permissions");
  const inherits = checked(form, "inherits");
  const echo = { ...fields, permissions: permissions.join(","), inherits: inherits.join(",") };
  try {
    const { ctx, commit } = await requestContext();
    const role = await createRole({
      ctx,
      input: {
        accountId: fields.accountId,
        name: fields.name,
        key: fields.key,
        description: fields.description,
        permissions,
        inherits,
      },
    });
    await commit();
    revalidatePath("/account/roles");
    return { ok: true, message: `Role “${role.name}” created` };
  } catch (error) {
    return formStateFor(error, echo);
  }
}

export async function updateRolePermissionsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  const permissions = checked(form, "permissions");
  try {
    const { ctx, commit } = await requestContext();
    await updateRolePermissions({ ctx, input: { roleId: fields.roleId, permissions } });
    await commit();
    revalidatePath("/account/roles");
    return { ok: true, message: "Permissions saved" };
  } catch (error) {
    return formStateFor(error, { ...fields, permissions: permissions.join(",") });
  }
}

async function roleChange(
  form: FormData,
  verb: typeof addRoleInheritance,
  done: string,
): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { ctx, commit } = await requestContext();
    await verb({ ctx, input: fields });
    await commit();
    revalidatePath("/account/roles");
    return { ok: true, message: done };
  } catch (error) {
    return formStateFor(error, fields);
  }
}

export async function addRoleInheritanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roleChange(form, addRoleInheritance, "Inherited role added");
}

export async function removeRoleInheritanceAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roleChange(form, removeRoleInheritance, "Inherited role removed");
}

export async function deleteRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return roleChange(form, deleteRole, "Role deleted");
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
