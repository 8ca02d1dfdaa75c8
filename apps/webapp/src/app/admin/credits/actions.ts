"use server";

import { createCodeBatch } from "@greenroom/domain/credits";
import { revalidatePath } from "next/cache";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

/** A new batch of redemption codes; the list below the form offers its CSV. */
export async function createCodeBatchAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, createCodeBatch, {
    done: () => {
      revalidatePath("/admin/credits");
      return { ok: true, message: "Batch created. Download its codes from the list below." };
    },
  });
}
