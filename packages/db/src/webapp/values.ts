/**
 * The fixed value lists of the webapp database: the tables' enums, the domain's schemas and the webapp's pages all
 * read these lists. No imports, so client components can take them without pulling in the table definitions.
 */

/** Where an order comes from: a retailer's webhook, or the organizer's CSV or form ("manual"). */
export const RETAILERS = ["stripe", "shopify", "eventbrite", "manual"] as const;
export type Retailer = (typeof RETAILERS)[number];

/** The retailers that deliver orders by signed webhook (all but "manual"). */
export const WEBHOOK_RETAILERS = ["stripe", "shopify", "eventbrite"] as const satisfies readonly Retailer[];
export type WebhookRetailer = (typeof WEBHOOK_RETAILERS)[number];

export const EVENT_STATUSES = ["draft", "active", "archived", "deleting"] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const ORDER_STATUSES = ["placed", "refunded", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The kinds of cross-database flow (operations row, Workflow). */
export const OPERATION_KINDS = ["start_recording", "stop_recording", "delete_event", "delete_user", "grant_credit"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** An operation's states, in the order the admin's filter lists them. */
export const OPERATION_STATES = ["running", "compensating", "completed", "compensated", "failed"] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

/** How a flow runs: its steps forward, or undoing what it did ("compensate"). */
export const FLOW_MODES = ["forward", "compensate"] as const;
export type FlowMode = (typeof FLOW_MODES)[number];

/** What a platform admin may do to an operation now: resume it, or undo it. */
export const OPERATION_ACTIONS = ["retry", "compensate"] as const;
export type OperationAction = (typeof OPERATION_ACTIONS)[number];

/** Whether a sessions shard takes new accounts ("shared"), only pinned ones ("dedicated"), or none ("closed"). */
export const SHARD_MODES = ["shared", "dedicated", "closed"] as const;
export type ShardMode = (typeof SHARD_MODES)[number];

/** A participant of an event: a member (a user with a grant) or pending (an invitee who has not signed up). */
export const PARTICIPANT_STATUSES = ["member", "pending"] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
