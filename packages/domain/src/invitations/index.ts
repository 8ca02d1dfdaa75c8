export { type AcceptedInvitation, acceptInvitation } from "./accept-invitation";
export { getInvitationByToken, type InvitationPreview } from "./get-invitation-by-token";
export { inviteToEvent } from "./invite-to-event";
export { INVITATIONS_LIMIT, type InvitationListEntry, listInvitations } from "./list-invitations";
export { pendingProfileConversion } from "./pending-profiles";
export { resendInvitation } from "./resend-invitation";
export { revokeInvitation } from "./revoke-invitation";
export {
  InvitationTokenInput,
  InviteToEventInput,
  ListInvitationsInput,
  ResendInvitationInput,
  RevokeInvitationInput,
} from "./schemas";
export { INVITATION_TTL_DAYS, type Invitation, type InvitationSent } from "./shared";
