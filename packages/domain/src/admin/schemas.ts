import { z } from "zod";
import { Id } from "../ids";
import { AuditCursor } from "../audit/query";

export const Search = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  z.string().trim().max(100, "Use at most 100 characters").optional(),
);

export const AdminListUsersInput = z.object({
  q: Search,
  after: z.string().trim().toLowerCase().max(254).optional(),
});

export type AdminListUsersInput = z.infer<typeof AdminListUsersInput>;

export const AdminSearchInput = z.object({ q: Search });

export type AdminSearchInput = z.infer<typeof AdminSearchInput>;

export const AdminListAuditInput = z.object({ after: AuditCursor.optional() });

export type AdminListAuditInput = z.infer<typeof AdminListAuditInput>;

export const AdminUserIdInput = z.object({ userId: Id });

export type AdminUserIdInput = z.infer<typeof AdminUserIdInput>;
