import { z } from "zod";
import { Id } from "../ids";

export const CreateOrganizationAccountInput = z.object({
  name: z.string().trim().min(1, "Name the account").max(120, "Use at most 120 characters"),
});

export type CreateOrganizationAccountInput = z.infer<typeof CreateOrganizationAccountInput>;

export const AccountIdInput = z.object({ accountId: Id });

export type AccountIdInput = z.infer<typeof AccountIdInput>;

export const AddCoOwnerInput = z.object({
  accountId: Id,
  email: z.string().trim().toLowerCase().max(254, "That email address is too long").email("Enter an email address"),
});

export type AddCoOwnerInput = z.infer<typeof AddCoOwnerInput>;

export const RemoveOwnerInput = z.object({ accountId: Id, userId: Id });

export type RemoveOwnerInput = z.infer<typeof RemoveOwnerInput>;
