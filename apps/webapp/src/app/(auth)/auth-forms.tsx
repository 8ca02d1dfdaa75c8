"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { requestMagicLinkAction, signInAction, signInWithLinkAction, signUpAction, verifyEmailAction } from "./actions";

/** Keeps the way back when moving between sign-in and sign-up. `next` was already checked by the page. */
const withNext = (path: string, next?: string) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

export function SignInForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signInAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next ?? ""} />
      <Field label="Email" name="email" type="email" autoComplete="email" required state={state} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required state={state} />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      <p className="text-sm text-slate-600">
        <Link href="/signin/link" className="font-medium text-brand-700 underline">
          Email me a sign-in link instead
        </Link>
      </p>
      <p className="text-sm text-slate-600">
        New here?{" "}
        <Link href={withNext("/signup", next)} className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}

/** `invitation` is the token of the invitation link followed here; its address fills in the email field. */
export function SignUpForm({
  next,
  invitation,
  email,
}: {
  next?: string;
  invitation?: { token: string; email: string };
  /** An address to fill in, e.g. from the link in a free-registration mail. */
  email?: string;
}) {
  const [state, action] = useActionState(signUpAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next ?? ""} />
      {invitation ? <input type="hidden" name="invitation" value={invitation.token} /> : null}
      <Field label="Your name" name="name" autoComplete="name" required state={state} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        state={state}
        defaultValue={invitation?.email ?? email}
        hint={
          invitation
            ? "The address the invitation was sent to. Signing up with it confirms it."
            : email
              ? "The address you registered with. We mail you a link to confirm it; your ticket opens its rooms then."
              : undefined
        }
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        state={state}
      />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={withNext("/signin", next)} className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

export function MagicLinkRequestForm() {
  const [state, action] = useActionState(requestMagicLinkAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      {state?.ok ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {state.message}
        </p>
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required state={state} />
      <SubmitButton pendingLabel="Sending link…">Email me a link</SubmitButton>
    </form>
  );
}

/**
 * `email`: the address the link signs in as. `signedInAs`: the account of this browser, if any; when it is another
 * one, the button says that it switches accounts, and the action refuses to switch without it.
 */
export function MagicLinkSignInForm({ token, email, signedInAs }: { token: string; email: string; signedInAs: string | null }) {
  const [state, action] = useActionState(signInWithLinkAction, null);
  const switching = signedInAs !== null && signedInAs !== email;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="linkEmail" value={email} />
      {switching ? <input type="hidden" name="switch" value="yes" /> : null}
      <SubmitButton pendingLabel="Signing in…">{switching ? `Sign out and continue as ${email}` : `Sign in as ${email}`}</SubmitButton>
      {state?.message && !state.ok ? (
        <p className="text-sm">
          <Link href="/signin/link" className="font-medium text-brand-700 underline">
            Ask for a new link
          </Link>
        </p>
      ) : null}
    </form>
  );
}

/** `signedIn`: confirming as the signed-in user needs no password. */
export function VerifyEmailForm({ token, signedIn, next }: { token: string; signedIn: boolean; next?: string }) {
  const [state, action] = useActionState(verifyEmailAction, null);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      {signedIn ? null : (
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          state={state}
          hint="Only if you chose one when you signed up, to keep it. Leave it empty otherwise (after registering for a ticket there is none): you sign in with mailed links."
        />
      )}
      <SubmitButton pendingLabel="Confirming…">Confirm my email</SubmitButton>
    </form>
  );
}
