"use server";

import { disableUser, enableUser } from "@greenroom/domain/admin";
import { revalidatePath } from "next/cache";
import { requestContext } from "@/server/context";
import { type FormState, formObject, formStateFor } from "@/server/transport";

/** Disables or enables one user, as the form's `change` field says. */
export async function userStatusAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  const disable = fields.change === "disable";
  try {
    const { ctx, commit } = await requestContext();
    await (disable ? disableUser : enableUser)({ ctx, input: { userId: fields.userId } });
    await commit();
    revalidatePath("/admin/users");
    return { ok: true, message: disable ? "Disabled; their sessions have ended" : "Enabled; they can sign in again" };
  } catch (error) {
    return formStateFor(error, fields);
  }
}
