import { previewMagicLink } from "@greenroom/domain/auth";
import type { Metadata } from "next";
import Link from "next/link";
import { currentSession } from "@/auth";
import { requestContext } from "@/server/context";
import { requestInput } from "@/server/transport";
import { MagicLinkSignInForm } from "../../../auth-forms";

export const metadata: Metadata = { title: "Finish signing in", referrer: "same-origin", robots: { index: false } };

// The link only shows a button: mail scanners that fetch links must not use up the single-use token. The page names
// the address the link signs in as, and asks before replacing the account this browser is signed in with.
export default async function MagicLinkSignInPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await currentSession();
  const { ctx } = await requestContext();
  const link = await previewMagicLink({ ctx, input: requestInput({ token }) }).catch(() => null);
  if (!link) {
    return (
      <section className="mx-auto max-w-sm space-y-6">
        <h1 className="text-2xl font-bold">This link no longer works</h1>
        <p className="text-sm text-slate-600">Sign-in links work once, for 15 minutes. Ask for a new one and use the latest mail.</p>
        <Link href="/signin/link" className="inline-block font-medium text-brand-700 underline">
          Ask for a new link
        </Link>
      </section>
    );
  }
  const signedInAs = session?.user?.email ?? null;
  if (signedInAs === link.email) {
    return (
      <section className="mx-auto max-w-sm space-y-6">
        <h1 className="text-2xl font-bold">You are already signed in</h1>
        <p className="text-sm text-slate-600">
          This browser is signed in as <strong className="break-all">{link.email}</strong>, the address this link is for.
        </p>
        <Link href="/events" className="inline-block font-medium text-brand-700 underline">
          Go to your events
        </Link>
      </section>
    );
  }
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Finish signing in</h1>
      {signedInAs ? (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          This browser is signed in as <strong className="break-all">{signedInAs}</strong>. This link is for{" "}
          <strong className="break-all">{link.email}</strong>. Continuing signs you out of {signedInAs}.{" "}
          <Link href="/events" className="font-medium underline">
            Stay as {signedInAs}
          </Link>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          This link signs you in to Greenroom as <strong className="break-all">{link.email}</strong>.
        </p>
      )}
      <MagicLinkSignInForm token={token} email={link.email} signedInAs={signedInAs} />
    </section>
  );
}
