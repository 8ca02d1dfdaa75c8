"use server";

import { clientIpFrom, endAllSessions, requestMagicLink, resendVerification, signUp, verifyEmail } from "@greenroom/domain/auth";
import { isDomainError } from "@greenroom/domain/errors";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInInput } from "@greenroom/domain/auth";
import { parseInput } from "@greenroom/domain/errors";
import { AuthError } from "next-auth";
import { currentSession, signIn, signOut } from "@/auth";
import { cloudflareEnv, requestContext } from "@/server/context";
import { runFormVerb } from "@/server/form";
import { publicBaseUrl } from "@/server/origin";
import { safeNextPath } from "@/server/redirect";
import { type FormState, formObject, formStateFor } from "@/server/transport";

const SIGN_IN_MESSAGES: Record<string, string> = {
  rate_limited: "Too many failed attempts for this email or network. Wait 15 minutes and try again.",
  disabled: "This account has been disabled. Contact the platform team.",
  link_expired: "This sign-in link has expired or was already used. Ask for a new one.",
};

async function signInWithPassword(email: string, password: string, redirectTo: string): Promise<FormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      return { ok: false, message: SIGN_IN_MESSAGES[code] ?? "Wrong email or password.", values: { email } };
    }
    return formStateFor(error, { email });
  }
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  try {
    const { email, password } = parseInput(SignInInput.omit({ ip: true }), fields);
    return await signInWithPassword(email, password, safeNextPath(fields.next));
  } catch (error) {
    return formStateFor(error, fields);
  }
}

/**
 * Signs up. Whether the address was new or already had an account, the visitor sees the same "check your mail"
 * page; only a sign-up through an invitation link for that very address (verified by the link) signs in at once.
 */
export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = formObject(form);
  return runFormVerb(form, signUp, {
    input: async () => ({ baseUrl: await publicBaseUrl(await cloudflareEnv()), ip: await requestIp() }),
    done: (user) =>
      user?.verified
        ? signInWithPassword(user.email, fields.password ?? "", safeNextPath(fields.next))
        : redirect("/signup/check-email"),
  });
}

async function requestIp(): Promise<string | undefined> {
  return clientIpFrom(await headers());
}

/** The banner's "send the link again" for a signed-in user whose address is not verified yet. */
export async function resendVerificationAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, resendVerification, {
    input: async () => ({ baseUrl: await publicBaseUrl(await cloudflareEnv()), ip: await requestIp() }),
    commit: false,
    done: (sent) => ({ ok: true, message: `We sent a new link to ${sent.email}. It works once, for 60 minutes.` }),
  });
}

/**
 * Follows a verification link. Signed in as its user, it verifies in place; signed out, it signs the mailbox's
 * owner in through the "verify-link" provider (taking over an account nobody had verified).
 */
export async function verifyEmailAction(_prev: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  // A ticket mail's link comes back to the event's page ("You're registered"); otherwise /events.
  const next = safeNextPath(form.get("next"), "/events");
  const { ctx, commit } = await requestContext();
  if (ctx.actor) {
    try {
      await verifyEmail({ ctx, input: { token } });
      await commit();
    } catch (error) {
      if (isDomainError(error) && error.code === "unauthenticated") return { ok: false, message: LINK_EXPIRED };
      return formStateFor(error);
    }
    redirect(next);
  }
  try {
    await signIn("verify-link", { token, password, redirectTo: next });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      if (code === "wrong_signup_password") {
        const message = "That is not the password chosen at sign-up. Leave it empty to continue without it.";
        return { ok: false, message, fieldErrors: { password: [message] } };
      }
      return { ok: false, message: code === "disabled" ? SIGN_IN_MESSAGES.disabled : LINK_EXPIRED };
    }
    return formStateFor(error);
  }
}

const LINK_EXPIRED = "This link has expired or was already used. Sign in and send a new one from the banner.";

/**
 * Ends the session on the server, not only in this browser: bumping the user's session version makes every token
 * issued before it (this one, and any copy of it) invalid at the next request. Sessions carry no per-device id,
 * so this signs the user out on every device.
 */
export async function signOutAction(): Promise<void> {
  try {
    const { ctx, commit } = await requestContext();
    if (ctx.actor) {
      await endAllSessions({ ctx });
      await commit();
    }
  } catch (error) {
    // The cookie is still cleared below; the failure is logged by name only.
    console.error("[sign-out] could not end sessions", error instanceof Error ? error.name : typeof error);
  }
  await signOut({ redirectTo: "/" });
}

export async function requestMagicLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  return runFormVerb(form, requestMagicLink, {
    input: async () => ({ baseUrl: await publicBaseUrl(await cloudflareEnv()), ip: await requestIp() }),
    // The link is redeemed from the mailbox, in a new request; there is nothing to read back here.
    commit: false,
    done: () => ({
      ok: true,
      message: "If an account exists for that email, a sign-in link is on its way. It works once, for 15 minutes.",
    }),
  });
}

export async function signInWithLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get("token") ?? "");
  // Signed in as someone else: switch only when the page's "switch accounts" button said so.
  const session = await currentSession();
  const linkEmail = String(form.get("linkEmail") ?? "");
  if (session?.user?.email && linkEmail && session.user.email !== linkEmail && form.get("switch") !== "yes") {
    return {
      ok: false,
      message: `You are signed in as ${session.user.email}. This link signs in as ${linkEmail}: choose whether to switch.`,
    };
  }
  try {
    await signIn("magic-link", { token, redirectTo: "/events" });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code ?? "";
      return { ok: false, message: SIGN_IN_MESSAGES[code] ?? SIGN_IN_MESSAGES.link_expired };
    }
    return formStateFor(error);
  }
}
