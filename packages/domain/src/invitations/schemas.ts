import { z } from "zod";
import { Email } from "../auth/schemas";
import { RoleChoice, roleChosen } from "../grants/scope";
import { Id, OptionalId } from "../ids";
import { SECRET_TOKEN_PATTERN } from "../secret-token";

/** The origin the accept link points at (the webapp passes its own); no path, query or trailing slash. */
export const BaseUrl = z
  .url({ protocol: /^https?$/, message: "Enter the site's address, like https://example.com" })
  .max(200)
  .transform((u) => new URL(u).origin);

export const InviteToEventInput = z
  .object({ eventId: Id, roomId: OptionalId, email: Email, ...RoleChoice, baseUrl: BaseUrl })
  .refine(roleChosen, { message: "Choose a role", path: ["roleId"] });

export type InviteToEventInput = z.infer<typeof InviteToEventInput>;

export const ResendInvitationInput = z.object({ invitationId: Id, baseUrl: BaseUrl });

export type ResendInvitationInput = z.infer<typeof ResendInvitationInput>;

export const RevokeInvitationInput = z.object({ invitationId: Id });

export type RevokeInvitationInput = z.infer<typeof RevokeInvitationInput>;

export const ListInvitationsInput = z.object({ eventId: Id });

export type ListInvitationsInput = z.infer<typeof ListInvitationsInput>;

export const InvitationTokenInput = z.object({ token: z.string().trim().regex(SECRET_TOKEN_PATTERN) });

export type InvitationTokenInput = z.infer<typeof InvitationTokenInput>;
