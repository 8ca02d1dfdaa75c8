"use server";

import { disableUser, enableUser } from "@greenroom/domain/admin";
import { revalidatePath } from "next/cache";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

/** Disables or enables one user, as the form's `change` field says. */
export async function userStatusAction(_prev: FormState, form: FormData): Promise<FormState> {
  const disable = form.get("change") === "disable";
  return runFormVerb(form, disable ? disableUser : enableUser, {
    done: () => {
      revalidatePath("/admin/users");
      return { ok: true, message: disable ? "Disabled; their sessions have ended" : "Enabled; they can sign in again" };
    },
  });
}
