export { signUp, type SignedUpUser } from "./sign-up";
export { resendVerification, verifyEmail } from "./verify-email";
export { LINK_TTL_MINUTES, OTHER_ACCOUNT_LINK } from "./link-tokens";
export { verifyCredentials, currentSessionUser, endAllSessions, type SessionUser } from "./sign-in";
export {
  MagicLinkTokenInput,
  RequestMagicLinkInput,
  ResendVerificationInput,
  SessionUserInput,
  SetPasswordInput,
  SignInInput,
  SignUpInput,
  VerifyEmailInput,
} from "./schemas";
export {
  clientIpFrom,
  MAX_ATTEMPTS_PER_EMAIL,
  MAX_ATTEMPTS_PER_EMAIL_AND_IP,
  MAX_ATTEMPTS_PER_IP,
  THROTTLE_WINDOW_SECONDS,
} from "./throttle";
export { consumeMagicLink, MAGIC_LINK_TTL_MINUTES, MAX_MAGIC_LINKS_PER_WINDOW, previewMagicLink, requestMagicLink } from "./magic-link";
export { AGENT_SIGN_IN_LINK_MINUTES, AgentSignInLinkInput, createAgentSignInLink } from "./agent-sign-in-link";
export { setPassword } from "./set-password";
