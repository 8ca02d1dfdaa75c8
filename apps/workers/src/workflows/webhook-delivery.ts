import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { sessionsDb } from "@greenroom/db/sessions/client";
import { webappDb } from "@greenroom/db/webapp/client";
import {
  attemptDelivery,
  disableGoneSubscription,
  openSubscriptionSecret,
  subscriptionForDelivery,
} from "@greenroom/domain/webhooks-out";
import { recordAttempt, settleDelivery, startDelivery } from "@greenroom/stage";
import { configOf, type WorkersEnv } from "../env";
import { type DeliveryParams, deliveryBody } from "../webhooks-out";

/**
 * Retries of the delivery step: 1 minute, doubling, 12 times (the last about 34 hours after the one before), so a
 * receiver that is down is tried for about three days (4,095 minutes of delays) before the delivery counts as failed.
 */
export const DELIVERY_RETRIES = { limit: 12, delay: "1 minute", backoff: "exponential" } as const;

export type DeliveryOutput = { outcome: "delivered" | "gone" | "refused" | "skipped" | "failed"; status?: number | null };

/** Thrown inside the step to make Workflows retry it (the attempt is already in the log). */
class RetryLater extends Error {
  override name = "RetryLater";
}

/**
 * One outbox event to one subscription, at least once: the log row (pending) → the body, built once from the
 * resource as it is now (so every retry sends the same body, with the same `webhook-id`) → the signed POST as a
 * step that Workflows retries with exponential backoff. 2xx delivered; 410 Gone disables the subscription; a URL
 * that is no longer public is refused without a request; a deleted or disabled subscription is skipped.
 */
export class WebhookDeliveryWorkflow extends WorkflowEntrypoint<WorkersEnv, DeliveryParams> {
  override async run(event: WorkflowEvent<DeliveryParams>, step: WorkflowStep): Promise<DeliveryOutput> {
    const p = event.payload;
    const config = configOf(this.env);
    const binding = config.shards.get(p.shard);
    if (!binding) return { outcome: "skipped" };
    const log = sessionsDb(binding);
    const webapp = webappDb(this.env.WEBAPP_DB);
    const row = { id: p.deliveryId, accountId: p.accountId };
    await step.do("record pending", async () => {
      await startDelivery(log, { ...row, subscriptionId: p.subscriptionId, messageId: p.messageId, type: p.type, atMs: Date.now() });
      return true;
    });
    const body = await step.do("build body", () => deliveryBody(this.env, p));
    try {
      return await step.do("deliver", { retries: DELIVERY_RETRIES, timeout: "2 minutes" }, async (): Promise<DeliveryOutput> => {
        const atMs = Date.now();
        const subscription = await subscriptionForDelivery(webapp, p.accountId, p.subscriptionId);
        if (!subscription?.enabled) {
          const reason = subscription ? "The subscription is disabled" : "The subscription was deleted";
          await settleDelivery(log, { ...row, status: "skipped", reason, atMs });
          return { outcome: "skipped" };
        }
        const secret = await openSubscriptionSecret(config.commerceKeys, subscription.sealedSecret, p.accountId, p.subscriptionId);
        const result = await attemptDelivery({
          url: subscription.url,
          secret,
          messageId: p.messageId,
          body,
          nowSeconds: Math.floor(atMs / 1000),
          fetch: (input, init) => fetch(input, init),
          allowLocalHttp: config.media.provider === "local",
        });
        switch (result.outcome) {
          case "delivered":
            await recordAttempt(log, { ...row, status: "delivered", responseStatus: result.status, error: null, atMs });
            return { outcome: "delivered", status: result.status };
          case "gone":
            await disableGoneSubscription(webapp, p.accountId, p.subscriptionId, Math.floor(atMs / 1000));
            await recordAttempt(log, { ...row, status: "failed", responseStatus: 410, error: "410 Gone: the subscription was disabled", atMs });
            return { outcome: "gone", status: 410 };
          case "refused":
            await recordAttempt(log, { ...row, status: "failed", responseStatus: null, error: result.error, atMs });
            return { outcome: "refused" };
          case "failed":
            await recordAttempt(log, { ...row, status: "pending", responseStatus: result.status, error: result.error, atMs });
            throw new RetryLater(result.error);
        }
      });
    } catch {
      await step.do("mark failed", async () => {
        await settleDelivery(log, { ...row, status: "failed", reason: "Gave up after three days of retries", atMs: Date.now() });
        return true;
      });
      return { outcome: "failed" };
    }
  }
}
