import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { type ClaimGrant, grantEntry, markClaimGranted } from "@greenroom/domain/credits";
import { appendCredit } from "@greenroom/stage";
import { type FlowOutput, type FlowPayload, FlowRun, isSuperseded } from "../flows/flow";
import type { WorkersEnv } from "../env";

/**
 * A redeemed code's credit, when the redeeming request could not write it: the ledger entry on the account's shard,
 * keyed ("redemption", claim id), so a retry, a resumed instance or the request itself write it once → the claim is
 * marked granted in the webapp D1 → complete. Nothing to undo: the claim is owed its credit, so the flow only rolls
 * forward (the reconciler resumes it).
 */
export class GrantCreditWorkflow extends WorkflowEntrypoint<WorkersEnv, FlowPayload> {
  override async run(event: WorkflowEvent<FlowPayload>, step: WorkflowStep): Promise<FlowOutput> {
    const flow = await FlowRun.load<ClaimGrant>(this.env, step, event);
    if (!flow) return { state: "gone" };
    const grant = flow.params;
    try {
      const db = flow.shard(grant.shard);
      const status = await flow.do(
        "grant credit",
        async () => {
          const result = await appendCredit(db, grantEntry(grant, Date.now()));
          if (!result.ok) throw new Error(`appendCredit: ${result.message}`);
          return result.value.status;
        },
        { db, accountId: grant.accountId },
      );
      await flow.do("mark claim granted", () => markClaimGranted({ ctx: flow.ctx, input: { claimId: grant.claimId, operationId: flow.operationId } }));
      return await flow.complete({ ledger: status });
    } catch (error) {
      if (isSuperseded(error)) return { state: "superseded" };
      return flow.rollForwardLater(error);
    }
  }
}
