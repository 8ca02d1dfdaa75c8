import { z } from "zod";
import { Id } from "../ids";
import { AuditCursor } from "./query";

export const ListAccountAuditInput = z.object({
  accountId: Id,
  before: AuditCursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type ListAccountAuditInput = z.infer<typeof ListAccountAuditInput>;
