import type { StageApi } from "@greenroom/stage/contract";
import type { StageRpc } from "./rpc-types";

/** The workers app's stage API, reached over a WORKERS service binding (typed RPC): the webapp's and the API Worker's. */
export function stageOverServiceBinding(binding: Service<StageRpc>): StageApi {
  return {
    recordStageEvent: async (input) => toPlain(await binding.recordStageEvent(input)),
    stageTimeline: async (input) => toPlain(await binding.stageTimeline(input)),
    shardIds: async () => toPlain(await binding.shardIds()),
    shardStats: async () => toPlain(await binding.shardStats()),
    sessionLogs: async (input) => toPlain(await binding.sessionLogs(input)),

    // Clips
    listClips: async (input) => toPlain(await binding.listClips(input)),
    myClips: async (input) => toPlain(await binding.myClips(input)),
    // Outgoing webhooks: the delivery log, dispatch now (after a test send), redeliver.
    webhookDeliveries: async (input) => toPlain(await binding.webhookDeliveries(input)),
    dispatchWebhooks: async () => toPlain(await binding.dispatchWebhooks()),
    redeliverWebhook: async (input) => toPlain(await binding.redeliverWebhook(input)),
    // Recording credits: the account's ledger on its shard.
    appendCredit: async (input) => toPlain(await binding.appendCredit(input)),
    creditLedger: async (input) => toPlain(await binding.creditLedger(input)),
    // Live access: close a user's room sockets when their access ends.
    endLiveAccess: async (input) => toPlain(await binding.endLiveAccess(input)),
    // Cross-database flows: start an operation's Workflow, read its instance, run the reconciler (admin buttons).
    startOperation: async (input) => toPlain(await binding.startOperation(input)),
    operationInstanceStatus: async (input) => toPlain(await binding.operationInstanceStatus(input)),
    reconcile: async (input) => toPlain(await binding.reconcile(input)),
  };
}

// RPC results arrive as structured clones typed as Rpc.Result; they are plain data here.
function toPlain<T>(value: T | Rpc.Result<T>): T {
  return value as T;
}
