export {
  authenticateOAuthGrant,
  grantOAuthApp,
  listOAuthGrants,
  type OAuthGrantView,
  oauthGrantViews,
  revokeOAuthGrant,
  visibleGrantsQuery,
} from "./grants";
export { GrantOAuthAppInput, OAUTH_GRANT_DAYS } from "./schemas";
export { INTERNAL_SIGNATURE_HEADER, internalCallSigned, signInternalCall } from "./internal-call";
export { scopeInPlainWords } from "./scope-words";
