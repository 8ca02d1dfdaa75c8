import type { Metadata } from "next";
import Link from "next/link";
import { appConfig } from "@/server/config";
import { MagicLinkRequestForm } from "../../auth-forms";

export const metadata: Metadata = { title: "Sign in with a link" };

export default async function MagicLinkRequestPage() {
  const local = (await appConfig()).mail.transport === "local";
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in with a link</h1>
      <p className="text-sm text-slate-600">We email you a link that signs you in once, without a password.</p>
      <MagicLinkRequestForm />
      {local ? (
        <p className="text-sm text-slate-600">
          Running locally: mail lands in the{" "}
          <Link href="/dev/outbox" className="font-medium text-brand-700 underline">
            local outbox
          </Link>
          .
        </p>
      ) : null}
    </section>
  );
}
