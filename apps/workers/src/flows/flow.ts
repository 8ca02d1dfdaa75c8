import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { SessionsDb } from "@greenroom/db/sessions/client";
import type { Ctx } from "@greenroom/domain/context";
import { isDomainError } from "@greenroom/domain/errors";
import {
  beginCompensation,
  completeOperation,
  failOperation,
  finishCompensation,
  loadOperation,
  noteOperationError,
  recordOperationStep,
} from "@greenroom/domain/operations";
import { type FlowMode, FlowRefusal, logStatement, shardDb } from "@greenroom/stage";
import { publishStage } from "../live";
import { configOf, type WorkersEnv } from "../env";
import { systemContext } from "./system-context";

export type FlowPayload = { operationId: string; mode?: FlowMode };
export type FlowOutput = { state: "completed" | "compensated" | "failed" | "superseded" | "gone" | "rolling-forward" };

/** Every step: three retries with exponential backoff (2 s, 4 s, 8 s), a minute each. */
export const STEP_CONFIG: WorkflowStepConfig = { retries: { limit: 3, delay: "2 seconds", backoff: "exponential" }, timeout: "1 minute" };

const SUPERSEDED = "superseded:";
// Marks a refusal the flow gave in words written for people (a FlowRefusal, a DomainError): the tenant may read it.
const REFUSED = "refused:";

/** A compensation: undoes one step from what the databases and the provider hold, so it is safe whether or not the step ran. */
export type Undo = { name: string; run: () => Promise<void> };

/**
 * One run of a flow: the operation it works for, its bookkeeping (each step first records itself on the operations row,
 * keyed by this instance, which also renews the deadline), a structured log line per step on the shard, and the
 * compensations in reverse when a step fails for good.
 */
export class FlowRun<P extends Record<string, unknown>> {
  readonly ctx: Ctx;

  private constructor(
    readonly env: WorkersEnv,
    private readonly step: WorkflowStep,
    readonly operationId: string,
    readonly instanceId: string,
    readonly params: P,
    readonly lastError: string | null,
  ) {
    this.ctx = systemContext(env);
  }

  /** Reads the operation (a step, so a replay reads the same); null when it is gone or already ended. */
  static async load<P extends Record<string, unknown>>(
    env: WorkersEnv,
    step: WorkflowStep,
    event: { instanceId: string; payload: Readonly<FlowPayload> },
  ): Promise<FlowRun<P> | null> {
    const loaded = await step.do("load operation", STEP_CONFIG, async () => {
      const operation = await loadOperation({ ctx: systemContext(env), input: { operationId: event.payload.operationId } });
      if (!operation || operation.done) return null;
      return { params: JSON.stringify(operation.params), lastError: operation.lastError };
    });
    if (!loaded) return null;
    return new FlowRun<P>(env, step, event.payload.operationId, event.instanceId, JSON.parse(loaded.params) as P, loaded.lastError);
  }

  /** The sessions shard the params name. */
  shard(shard: string): SessionsDb {
    const db = shardDb(configOf(this.env).shards, shard);
    if (!db) throw new NonRetryableError(`No sessions shard ${shard}`);
    return db;
  }

  /**
   * One durable step: records itself on the operations row (refused if another instance now owns the operation), runs,
   * and writes a log line on `log.db`. A refusal (the grant is gone, the room is recording already) fails at once.
   */
  async do<T extends Rpc.Serializable<T>>(
    name: string,
    run: () => Promise<T>,
    log?: { db: SessionsDb; accountId: string; sessionId?: string },
  ): Promise<T> {
    return this.step.do(name, STEP_CONFIG, async () => {
      const ours = await recordOperationStep({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId, step: name } });
      if (!ours) throw new NonRetryableError(`${SUPERSEDED} ${this.instanceId} no longer runs operation ${this.operationId}`);
      let result: T;
      try {
        result = await run();
      } catch (error) {
        if (error instanceof FlowRefusal || isDomainError(error)) throw new NonRetryableError(`${REFUSED} ${error.message}`);
        throw error;
      }
      if (log) {
        await logStatement(log.db, {
          accountId: log.accountId,
          sessionId: log.sessionId ?? null,
          operationId: this.operationId,
          level: "info",
          source: "workflow",
          message: name,
          data: { instanceId: this.instanceId },
          atMs: Date.now(),
        }).run();
      }
      return result;
    });
  }

  /** The last step: the operation is completed with its result. */
  async complete(result: Record<string, unknown> = {}): Promise<FlowOutput> {
    await this.step.do("complete", STEP_CONFIG, () =>
      completeOperation({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId, result } }),
    );
    return { state: "completed" };
  }

  /**
   * A step failed for good: the operation turns compensating, each compensation runs as its own step (in reverse order
   * of the steps), then it is compensated. If a compensation itself fails for good, the operation is failed, for an admin.
   */
  async compensate(reason: unknown, undos: Undo[]): Promise<FlowOutput> {
    // A string is the error an earlier instance noted (its tenant message stays); an error is this run's failure.
    const fresh = typeof reason !== "string";
    const raw = fresh ? errorText(reason) : reason;
    const publicError = fresh ? publicErrorText(reason) : undefined;
    await this.step.do("begin compensation", STEP_CONFIG, () =>
      beginCompensation({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId, error: raw, publicError } }),
    );
    try {
      for (const undo of undos) await this.do(`undo: ${undo.name}`, undo.run);
    } catch (error) {
      const message = errorText(error);
      if (message.includes(SUPERSEDED)) return { state: "superseded" };
      await this.step.do("compensation failed", STEP_CONFIG, () =>
        failOperation({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId, error: `Compensation failed: ${message}`, publicError: null } }),
      );
      return { state: "failed" };
    }
    await this.step.do("compensated", STEP_CONFIG, () =>
      finishCompensation({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId } }),
    );
    return { state: "compensated" };
  }

  /**
   * A step failed for good in a flow past its point of no return: the error is noted and the instance errors; the
   * reconciler finds the operation past its deadline and resumes it with a new instance (every step is idempotent).
   */
  async rollForwardLater(error: unknown): Promise<never> {
    const message = errorText(error);
    const publicError = publicErrorText(error);
    await this.step.do("note error", STEP_CONFIG, () =>
      noteOperationError({ ctx: this.ctx, input: { operationId: this.operationId, instanceId: this.instanceId, error: message, publicError } }),
    );
    throw new Error(`Operation ${this.operationId} stopped at a step; the reconciler resumes it: ${message}`);
  }

  /** Pushes the room's stage state to its viewers; a failure to publish never fails the flow. */
  async publish(room: { shard: string; accountId: string; roomId: string }): Promise<void> {
    try {
      await publishStage(this.env, room);
    } catch (error) {
      console.warn("[flow] publishStage failed", errorText(error));
    }
  }
}

const rawMessage = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/^(NonRetryableError: |Error: )+/, "");

/** The error's raw text (for the operations row's `last_error`, admins and logs), without the refusal marker. */
export const errorText = (error: unknown) => rawMessage(error).replace(/^refused: /, "").slice(0, 500);

/** A refusal's words, which the tenant may read; null for anything else (a provider's or the database's text). */
export const publicErrorText = (error: unknown): string | null => {
  const message = rawMessage(error);
  return message.startsWith(REFUSED) ? message.slice(REFUSED.length).trim().slice(0, 500) : null;
};

export const isSuperseded = (error: unknown) => errorText(error).includes(SUPERSEDED);
