"use server";

import type { Ctx } from "@greenroom/domain/context";
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  setWebhookSubscriptionEnabled,
} from "@greenroom/domain/webhooks-out";
import { revalidatePath } from "next/cache";
import { appConfig } from "@/server/config";
import { allValues, runFormVerb } from "@/server/form";
import type { FormState } from "@/server/transport";

/** A form state that may carry a signing secret: shown once, in the response to the post that made it. */
export type SecretState = (FormState & { secret?: string }) | null;

const PATH = "/account/webhooks";
const saved = (message: string) => (): FormState => {
  revalidatePath(PATH);
  return { ok: true, message };
};

export async function createSubscriptionAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const config = await appConfig();
  // Plain http to 127.0.0.1 only on a development server (local mail), for local receivers and the e2e test.
  const allowLocalHttp = config.mail.transport === "local";
  const create = (args: { ctx: Ctx; input: Parameters<typeof createWebhookSubscription>[0]["input"] }) =>
    createWebhookSubscription({ ...args, commerceKeys: config.commerceKeys, allowLocalHttp });
  return runFormVerb(form, create, {
    input: (_, posted) => ({ eventTypes: allValues(posted, "eventTypes") }),
    done: (created) => {
      revalidatePath(PATH);
      return { ok: true, message: "Subscribed. Copy the signing secret now: it is not shown again.", secret: created.secret };
    },
  });
}

export async function rotateSecretAction(_prev: SecretState, form: FormData): Promise<SecretState> {
  const { commerceKeys } = await appConfig();
  const rotate = (args: { ctx: Ctx; input: Parameters<typeof rotateWebhookSecret>[0]["input"] }) => rotateWebhookSecret({ ...args, commerceKeys });
  return runFormVerb(form, rotate, {
    echo: false,
    done: (rotated) => ({ ok: true, message: "New secret: copy it now, it is not shown again. The old one no longer signs.", secret: rotated.secret }),
  });
}

export async function setEnabledAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, setWebhookSubscriptionEnabled, { done: (r) => saved(r.enabled ? "Enabled" : "Disabled")() });
}

export async function deleteSubscriptionAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, deleteWebhookSubscription, { done: saved("Subscription deleted") });
}

export async function sendTestAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, sendTestWebhook, { done: saved("Test event queued: it appears in the delivery log once sent.") });
}

export async function redeliverAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, redeliverWebhook, { done: saved("Sent again: the new delivery appears in the log.") });
}
