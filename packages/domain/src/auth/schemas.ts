import { z } from "zod";
import { Id } from "../ids";
import { SECRET_TOKEN_PATTERN } from "../secret-token";

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Enter your email address")
  .max(254, "That email address is too long")
  .email("Enter a valid email address");

export const NewPassword = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

const Ip = z.string().max(64).optional();

/** A new password for the signed-in user; the current one only when the account has one. */
export const SetPasswordInput = z.object({
  password: NewPassword,
  currentPassword: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().max(200, "Use at most 200 characters").optional(),
  ),
});

// The site's public origin for links in mail (configured, never taken from a request's Host header in production).
const BaseUrl = z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin);

const Token = z.string().trim().regex(SECRET_TOKEN_PATTERN);

export const SignUpInput = z.object({
  name: z.string().trim().min(1, "Enter your name").max(120, "Use at most 120 characters"),
  email: Email,
  password: NewPassword,
  baseUrl: BaseUrl,
  ip: Ip,
  // The token of the invitation link the visitor followed to sign up: it was mailed to the invited address.
  invitation: z.union([Token, z.literal("")]).optional(),
});
export type SignUpInput = z.infer<typeof SignUpInput>;

export const SignInInput = z.object({
  email: Email,
  password: z.string().min(1, "Enter your password").max(200, "Use at most 200 characters"),
  ip: Ip,
});
export type SignInInput = z.infer<typeof SignInInput>;

export const RequestMagicLinkInput = z.object({
  email: Email,
  baseUrl: BaseUrl,
  ip: Ip,
});
export type RequestMagicLinkInput = z.infer<typeof RequestMagicLinkInput>;

export const MagicLinkTokenInput = z.object({ token: Token });
export type MagicLinkTokenInput = z.infer<typeof MagicLinkTokenInput>;

export const SessionUserInput = z.object({ userId: Id, sessionVersion: z.number().int().min(0) });
export type SessionUserInput = z.infer<typeof SessionUserInput>;

export const VerifyEmailInput = z.object({
  token: Token,
  // The password chosen at sign-up, if the one confirming is the one who signed up: it is kept. Without it, the
  // confirmation takes the account over for the mailbox's owner and clears any password.
  password: z.string().max(200, "Use at most 200 characters").optional(),
});
export type VerifyEmailInput = z.infer<typeof VerifyEmailInput>;

export const ResendVerificationInput = z.object({ baseUrl: BaseUrl, ip: Ip });
export type ResendVerificationInput = z.infer<typeof ResendVerificationInput>;
