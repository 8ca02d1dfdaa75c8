import type { Metadata } from "next";
import { currentSession } from "@/auth";
import { VerifyEmailForm } from "../../auth-forms";

export const metadata: Metadata = { title: "Confirm your email", referrer: "same-origin", robots: { index: false } };

// Only a button: mail scanners that fetch links must not use up the single-use token.
export default async function VerifyEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { token } = await params;
  const { next } = await searchParams;
  const signedIn = !!(await currentSession())?.user;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Confirm your email</h1>
      <p className="text-sm text-slate-600">
        Press the button to confirm that this address is yours. If you are not signed in, this also signs you in.
      </p>
      <VerifyEmailForm token={token} signedIn={signedIn} next={typeof next === "string" ? next : undefined} />
    </section>
  );
}
