/**
 * The fixed value lists of the sessions databases: the tables' enums, the RPC contract and the webapp's pages all read
 * these lists. No imports, so client components can take them without pulling in the table definitions.
 */

/** A recording session moves pending → starting → recording → stopping → stopped, or to failed. */
export const RECORDING_STATUSES = ["pending", "starting", "recording", "stopping", "stopped", "failed"] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

export const CLIP_STATUSES = ["pending", "ready", "failed"] as const;
export type ClipStatus = (typeof CLIP_STATUSES)[number];

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Which layer wrote a log line: the coordinator (RPC entrypoint, Durable Object), a Workflow step, or a provider call. */
export const LOG_SOURCES = ["coordinator", "workflow", "service"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/** A stage event: a participant put on or taken off the stage. */
export const STAGE_ACTIONS = ["on_stage", "off_stage"] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

/**
 * What a credit ledger entry was: credit in (grant, redemption, purchase, release of a hold, admin adjustment) or
 * out (recording hold, recording charge, refund of a purchase, admin adjustment). Amounts are signed minutes.
 */
export const CREDIT_KINDS = [
  "grant",
  "redemption",
  "purchase",
  "recording_hold",
  "recording_charge",
  "release",
  "refund",
  "admin_adjustment",
] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];
