import type { Metadata } from "next";
import { MagicLinkSignInForm } from "../../../auth-forms";

export const metadata: Metadata = { title: "Finish signing in", referrer: "same-origin", robots: { index: false } };

// The link only shows a button: mail scanners that fetch links must not use up the single-use token.
export default async function MagicLinkSignInPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Finish signing in</h1>
      <p className="text-sm text-slate-600">Press the button to sign in to Greenroom with this link.</p>
      <MagicLinkSignInForm token={token} />
    </section>
  );
}
