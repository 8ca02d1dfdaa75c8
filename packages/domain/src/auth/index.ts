export { signUp, type SignedUpUser } from "./sign-up";
export { verifyCredentials, currentSessionUser, type SessionUser } from "./sign-in";
export { MagicLinkTokenInput, RequestMagicLinkInput, SessionUserInput, SignInInput, SignUpInput } from "./schemas";
export { MAX_FAILURES_PER_EMAIL, MAX_FAILURES_PER_IP, THROTTLE_WINDOW_SECONDS } from "./throttle";
export { consumeMagicLink, MAGIC_LINK_TTL_MINUTES, MAX_MAGIC_LINKS_PER_WINDOW, requestMagicLink } from "./magic-link";
