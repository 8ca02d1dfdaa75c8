import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Check your mail" };

// The same page whether the address was new or already had an account: sign-up tells strangers nothing.
export default function CheckEmailPage() {
  return (
    <section className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">Check your mail</h1>
      <p role="status" className="text-slate-700">
        We sent a message to the address you entered. Follow its link to confirm the address; it works once, for 60
        minutes.
      </p>
      <p className="text-sm text-slate-600">
        You can already sign in and create your own events. Invitations and access sent to your address wait until it
        is confirmed.
      </p>
      <p className="text-sm">
        <Link href="/signin" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
