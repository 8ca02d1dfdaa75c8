"use server";

import { disableUser, enableUser } from "@greenroom/domain/admin";
import { adminOperationAction, deleteUser } from "@greenroom/domain/operations";
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

/** Retry or Compensate a stuck or failed operation (the form's `action` field says which). */
export async function operationAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, adminOperationAction, {
    done: (outcome) => {
      revalidatePath("/admin/operations");
      return {
        ok: true,
        message: outcome.did === "compensating" ? "Compensating: a new run is undoing it" : outcome.did === "resumed" ? "Retrying: a new run has started" : "Nothing to do: it changed meanwhile",
      };
    },
  });
}

/** Deletes a user through the delete-user flow; the operations page follows it. */
export async function deleteUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, deleteUser, {
    done: ({ operation }) => {
      revalidatePath("/admin/users");
      return { ok: true, message: `Deleting (operation ${operation.id}); see Operations for its progress` };
    },
  });
}
