import { type ClipStatus, CREDIT_KINDS, type CreditKind, LOG_LEVELS, STAGE_ACTIONS, LOG_SOURCES, type LogLevel, type LogSource, type RecordingStatus } from "@greenroom/db/sessions/values";
import { FLOW_MODES, OPERATION_ACTIONS, OPERATION_KINDS } from "@greenroom/db/webapp/values";
import { z } from "zod";

/** What the webapp may ask of the workers app about a room's stage. Kept free of runtime deps. */
export const StageAction = z.enum(STAGE_ACTIONS);
export type StageAction = z.infer<typeof StageAction>;

/** A sessions shard id ("0000"): the webapp's account-to-shard map gives it; the workers app routes by it. */
export const ShardId = z.string().regex(/^\d{4}$/, "must be a four-digit shard id");

/** A D1 Sessions API bookmark as `getBookmark()` returns it: dash-separated hex groups, about 60 characters. */
export const Bookmark = z
  .string()
  .max(256)
  .regex(/^[0-9a-f]+(-[0-9a-f]+)*$/i, "must be a D1 bookmark");

/**
 * Which shard a call runs on. `bookmark`, when given, opens the shard's D1 session at that bookmark, so the caller
 * reads at least what it wrote before (read-after-write); every ok result carries the session's new bookmark.
 */
export const Routing = z.object({ shard: ShardId, bookmark: Bookmark.optional() });

/** Every sessions-side call names its tenant and the shard that holds the tenant's rows. */
export const Tenant = Routing.extend({ accountId: z.string().min(1).max(64) });
export type Tenant = z.infer<typeof Tenant>;

export const RecordStageEventInput = Tenant.extend({
  // Chosen by the caller once per user intent; a retry with the same id changes nothing.
  stageEventId: z.string().min(8).max(64),
  eventId: z.string().min(1).max(64),
  roomId: z.string().min(1),
  // `user:<id>` for a person with an account, `guest:<name>` for a guest added by name.
  participantId: z.string().min(1).max(128),
  participantName: z.string().trim().min(1).max(120),
  userId: z.string().min(1).max(64).nullable().default(null),
  action: StageAction,
  actorId: z.string().min(1),
  occurredAtMs: z.number().int().nonnegative(),
});
export type RecordStageEventInput = z.input<typeof RecordStageEventInput>;

export const StageTimelineInput = Tenant.extend({
  roomId: z.string().min(1),
});
export type StageTimelineInput = z.input<typeof StageTimelineInput>;

export type StageTimelineEntry = {
  id: string;
  seq: number;
  participantId: string;
  participantName: string;
  userId: string | null;
  action: StageAction;
  actorId: string;
  occurredAtMs: number;
  offsetMs: number | null;
};

export type { RecordingStatus };

/** The room's latest recording session, with how far its clips are (clip generation runs after the stop). */
export type RoomRecording = {
  sessionId: string;
  status: RecordingStatus;
  startedAtMs: number | null;
  endedAtMs: number | null;
  playbackUrl: string | null;
  clips: { total: number; ready: number };
};

export type StageTimeline = {
  /** The latest recording of the room, or null when it was never recorded. */
  recording: RoomRecording | null;
  entries: StageTimelineEntry[];
  onStage: { participantId: string; participantName: string; userId: string | null; sinceMs: number }[];
};

export type StageResult<T> =
  // `bookmark`: the shard session's bookmark after the call; pass it on the next call to read this call's writes.
  | { ok: true; value: T; bookmark?: string }
  | { ok: false; code: "conflict" | "invalid"; message: string };

export const SESSIONS_TABLES = ["recording_sessions", "stage_events", "participant_clips", "session_logs"] as const;
export type SessionsTable = (typeof SESSIONS_TABLES)[number];

/** Rows per sessions table on one shard (admin dashboard). */
export type ShardStats = { shard: string; rows: Record<SessionsTable, number> };

export { LOG_LEVELS, LOG_SOURCES };

/** Keyset position in the session log, newest first: the last row seen (`created_at` in ms, then id). */
export const LogCursor = z.object({ atMs: z.number().int().nonnegative(), id: z.string().min(1).max(64) });
export type LogCursor = z.infer<typeof LogCursor>;

/** The admin's session log query on one shard: optionally one account, one recording session, one level. */
export const SessionLogsInput = Routing.extend({
  accountId: z.string().min(1).max(64).optional(),
  sessionId: z.string().min(1).max(64).optional(),
  level: z.enum(LOG_LEVELS).optional(),
  before: LogCursor.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type SessionLogsInput = z.input<typeof SessionLogsInput>;

export type SessionLogLine = {
  id: string;
  accountId: string;
  sessionId: string | null;
  operationId: string | null;
  level: LogLevel;
  source: LogSource;
  message: string;
  /** The structured fields as stored (a JSON text); the admin page shows it as text, never as markup. */
  data: string;
  atMs: number;
};

/** A page of log lines, newest first; `next` continues after the last line, null at the end. */
export type SessionLogPage = { lines: SessionLogLine[]; next: LogCursor | null };
// ── Clips: where organizers and participants find them ──────────────────────────────────────────────────────────

export const ListClipsInput = Tenant.extend({ eventId: z.string().min(1).max(64) });
export type ListClipsInput = z.input<typeof ListClipsInput>;

/** A user's clips on one shard, across the accounts (at most 100) the webapp found from their grants and ownership. */
export const MyClipsInput = z.object({
  shard: ShardId,
  accountIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  userId: z.string().min(1).max(64),
});
export type MyClipsInput = z.input<typeof MyClipsInput>;

export type { ClipStatus };

export type ClipView = {
  id: string;
  accountId: string;
  eventId: string;
  roomId: string;
  sessionId: string;
  /** When the session's recording began (ms), to order and name sessions; null if it never began. */
  sessionStartedAtMs: number | null;
  participantId: string;
  participantName: string;
  userId: string | null;
  /** Added by name, without an account. */
  guest: boolean;
  startOffsetMs: number;
  endOffsetMs: number;
  status: ClipStatus;
  playbackUrl: string | null;
};

/** At most this many clips per answer; `truncated` says there were more. */
export const CLIP_LIST_LIMIT = 5000;

export type ClipList = { clips: ClipView[]; truncated: boolean };

// ── Live access: closing a user's room sockets when their access ends ────────────────────────────────────────────

/** A room id as the live path takes it (`/live/rooms/<id>`). */
const LiveRoomId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a room id");

/**
 * Ends a user's live access: closes their open sockets and refuses every token issued to them at or before `atMs`,
 * in the given rooms (a revoked grant or refunded ticket names them) or, without `roomIds`, in every room they
 * connected to lately (sign out everywhere, disabled: their session version has changed as well).
 */
export const EndLiveAccessInput = z.object({
  userId: z.string().min(1).max(64),
  roomIds: z.array(LiveRoomId).max(100).optional(),
  atMs: z.number().int().nonnegative(),
});
export type EndLiveAccessInput = z.input<typeof EndLiveAccessInput>;

/** How many rooms were told, and how many sockets they closed. */
export type EndLiveAccessResult = { rooms: number; closed: number };

export const WebhookDeliveriesInput = Tenant.extend({
  subscriptionId: z.string().min(1).max(64),
  limit: z.number().int().min(1).max(100).default(50),
});
export type WebhookDeliveriesInput = z.input<typeof WebhookDeliveriesInput>;

export const RedeliverWebhookInput = Tenant.extend({ deliveryId: z.string().min(1).max(64) });
export type RedeliverWebhookInput = z.input<typeof RedeliverWebhookInput>;

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed" | "skipped";

/** One line of a subscription's delivery log. */
export type WebhookDelivery = {
  id: string;
  messageId: string;
  type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAtMs: number;
  updatedAtMs: number;
};

// ── Recording credits: the account's ledger on its shard (minutes) ────────────────────────────────────────────────

export const CreditKindSchema = z.enum(CREDIT_KINDS);
export type { CreditKind };

/** Kinds that add credit and kinds that take it; an admin adjustment may do either. */
export const CREDIT_KINDS_IN: readonly CreditKind[] = ["grant", "redemption", "purchase", "release"];
export const CREDIT_KINDS_OUT: readonly CreditKind[] = ["recording_hold", "recording_charge", "refund"];

/** Where an entry came from: with the account, its key (a retried step writes once). */
const SourceKey = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "must be a lowercase source type");

/**
 * One ledger entry. `amount` is signed minutes and must have the sign its kind has. A debit is refused when it would
 * take the balance below zero, except a refund (a purchase taken back may leave the balance negative).
 */
export const AppendCreditInput = Tenant.extend({
  kind: CreditKindSchema,
  amount: z.number().int().min(-1_000_000).max(1_000_000).refine((n) => n !== 0, "must not be zero"),
  sourceType: SourceKey,
  sourceId: z.string().min(1).max(128),
  memo: z.string().max(200).default(""),
  atMs: z.number().int().nonnegative(),
}).superRefine((v, ctx) => {
  if (CREDIT_KINDS_IN.includes(v.kind) && v.amount < 0) ctx.addIssue({ code: "custom", path: ["amount"], message: `must be positive for ${v.kind}` });
  if (CREDIT_KINDS_OUT.includes(v.kind) && v.amount > 0) ctx.addIssue({ code: "custom", path: ["amount"], message: `must be negative for ${v.kind}` });
});
export type AppendCreditInput = z.input<typeof AppendCreditInput>;

export type CreditEntry = {
  id: string;
  seq: number;
  kind: CreditKind;
  amount: number;
  balance: number;
  sourceType: string;
  sourceId: string;
  memo: string;
  atMs: number;
};

/**
 * What an append did: `written` (this call wrote the entry), `duplicate` (the key was written before: `entry` is that
 * first entry, nothing new), or `insufficient` (a debit the balance cannot cover: nothing written). `balance` is the
 * account's balance after the call.
 */
export type AppendCreditResult =
  | { status: "written" | "duplicate"; entry: CreditEntry; balance: number }
  | { status: "insufficient"; entry: null; balance: number };

export const CreditLedgerInput = Tenant.extend({
  limit: z.number().int().min(1).max(100).default(20),
  // Keyset: entries before this seq (newest first).
  beforeSeq: z.number().int().positive().optional(),
});
export type CreditLedgerInput = z.input<typeof CreditLedgerInput>;

/** The balance and the latest entries, newest first; `next` continues the list, null at the end. */
export type CreditLedger = { balance: number; entries: CreditEntry[]; next: number | null };

/** Implemented by the workers app's RPC entrypoint; the webapp reaches it over a service binding. */
export interface StageApi extends OperationsApi {
  recordStageEvent(input: RecordStageEventInput): Promise<StageResult<StageTimelineEntry>>;
  stageTimeline(input: StageTimelineInput): Promise<StageResult<StageTimeline>>;
  /** The shard ids the workers app has bindings for ("0000", "0001", ...), in order. */
  shardIds(): Promise<string[]>;
  /** Rows per table on every configured shard: one batch per shard. */
  shardStats(): Promise<StageResult<ShardStats[]>>;
  /** Session log lines on one shard, newest first, by keyset (created_at, id). For platform admins only. */
  sessionLogs(input: SessionLogsInput): Promise<StageResult<SessionLogPage>>;

  // Clips
  /** Every clip of an event in the account (the organizer's view), by room, session and start. */
  listClips(input: ListClipsInput): Promise<StageResult<ClipList>>;
  /** The user's own clips in the given accounts of this shard, newest session first. */
  myClips(input: MyClipsInput): Promise<StageResult<ClipList>>;

  // Outgoing webhooks
  /** A subscription's latest deliveries on the account's shard, newest first. */
  webhookDeliveries(input: WebhookDeliveriesInput): Promise<StageResult<WebhookDelivery[]>>;
  /** Starts delivery Workflows for pending outbox events now (the cron does it every two minutes otherwise). */
  dispatchWebhooks(): Promise<StageResult<{ events: number; deliveries: number }>>;
  /** Sends a logged delivery again (same webhook-id); `deliveryId` null: no such delivery in the account. */
  redeliverWebhook(input: RedeliverWebhookInput): Promise<StageResult<{ deliveryId: string | null }>>;

  // Recording credits
  /** Appends one entry to the account's ledger in one conditional statement (see `AppendCreditResult`). */
  appendCredit(input: AppendCreditInput): Promise<StageResult<AppendCreditResult>>;
  /** The account's balance and latest entries, in one batch on its shard. */
  creditLedger(input: CreditLedgerInput): Promise<StageResult<CreditLedger>>;

  // Live access
  /** Closes the user's room sockets and refuses their older tokens (see `EndLiveAccessInput`). */
  endLiveAccess(input: EndLiveAccessInput): Promise<StageResult<EndLiveAccessResult>>;
}

// ─── Cross-database flows (operations) ──────────────────────────────────────────────────────────────────────────
// The webapp records each flow in its `operations` row, then asks the workers app to run the flow's Workflow. The
// Workflow instance id is the operation id (`<operationId>-r<attempt>` once the reconciler or an admin resumes it).

export const OperationKind = z.enum(OPERATION_KINDS);
export type OperationKind = z.infer<typeof OperationKind>;

/** "forward" runs the flow's steps; "compensate" undoes what the flow did, in reverse (each undo is idempotent). */
export const FlowMode = z.enum(FLOW_MODES);
export type FlowMode = z.infer<typeof FlowMode>;

export const StartOperationInput = z.object({
  operationId: z.string().min(8).max(64),
  kind: OperationKind,
  // The Workflow instance to create; the operation id for the first run.
  instanceId: z.string().min(8).max(80).optional(),
  mode: FlowMode.default("forward"),
});
export type StartOperationInput = z.input<typeof StartOperationInput>;

export const OperationInstanceInput = z.object({ kind: OperationKind, instanceId: z.string().min(8).max(80) });
export type OperationInstanceInput = z.input<typeof OperationInstanceInput>;

/** The Workflow instance's status as the platform reports it, or "unknown" when no such instance exists. */
export type InstanceStatus =
  | "queued"
  | "running"
  | "paused"
  | "waiting"
  | "waitingForPause"
  | "errored"
  | "terminated"
  | "complete"
  | "unknown";

export const ReconcileInput = z.object({
  // Only this operation, and take it over now, whatever its deadline (the admin's Retry and Compensate buttons).
  operationId: z.string().min(8).max(64).optional(),
  action: z.enum(OPERATION_ACTIONS).optional(),
});
export type ReconcileInput = z.input<typeof ReconcileInput>;

/** What the reconciler did with each operation it looked at. */
export type ReconcileOutcome = {
  operationId: string;
  instanceStatus: InstanceStatus;
  did: "extended" | "resumed" | "compensating" | "skipped" | "failed";
  instanceId?: string;
};

/** The flows' side of the RPC surface (implemented by `StageRpc`, mapped by the webapp's stage client). */
export interface OperationsApi {
  startOperation(input: StartOperationInput): Promise<StageResult<{ instanceId: string; created: boolean }>>;
  operationInstanceStatus(input: OperationInstanceInput): Promise<StageResult<{ status: InstanceStatus; error: string | null }>>;
  reconcile(input: ReconcileInput): Promise<StageResult<{ outcomes: ReconcileOutcome[]; shardsRegistered: number }>>;
}
