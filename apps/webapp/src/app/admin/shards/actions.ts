"use server";

import { pinAccountToShard, registerShard, setShardMode } from "@greenroom/domain/shards";
import { revalidatePath } from "next/cache";
import { runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

export async function registerShardAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, registerShard, {
    done: ({ shardId }) => {
      revalidatePath("/admin/shards");
      return { ok: true, message: `Shard ${shardId} is registered. Existing accounts stay where they are.` };
    },
  });
}

export async function setShardModeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, setShardMode, {
    done: () => {
      revalidatePath("/admin/shards");
      return { ok: true, message: "Mode saved. Accounts already on the shard stay." };
    },
  });
}

export async function pinAccountAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, pinAccountToShard, {
    done: ({ accountId, shardId }) => {
      revalidatePath("/admin/shards");
      return { ok: true, message: `Account ${accountId} is pinned to shard ${shardId}.` };
    },
  });
}
