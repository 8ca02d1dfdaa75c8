import type { SessionsDb } from "@greenroom/db/sessions/client";
import { sessionLogs } from "@greenroom/db/sessions/schema";
import type { LogLevel, LogSource } from "@greenroom/db/sessions/values";
import { createId } from "@paralleldrive/cuid2";

export type { LogLevel, LogSource };

export type LogEntry = {
  accountId: string;
  sessionId?: string | null;
  operationId?: string | null;
  level: LogLevel;
  source: LogSource;
  message: string;
  /** Structured fields. Never secrets: no tokens, keys, stream keys or payment data. */
  data?: Record<string, unknown>;
  atMs: number;
};

/** The insert for one structured log line, for a caller's batch (or run alone with `.run()`). */
export function logStatement(db: SessionsDb, entry: LogEntry) {
  return db.insert(sessionLogs).values({
    id: createId(),
    accountId: entry.accountId,
    sessionId: entry.sessionId ?? null,
    operationId: entry.operationId ?? null,
    level: entry.level,
    source: entry.source,
    message: entry.message,
    data: JSON.stringify(entry.data ?? {}),
    createdAt: new Date(entry.atMs),
  });
}
