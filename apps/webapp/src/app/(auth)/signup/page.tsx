import type { Metadata } from "next";
import { safeNextPath } from "@/server/redirect";
import { SignUpForm } from "../auth-forms";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Only a path on this site survives; anything else falls back to the events list after signing in.
  const next = safeNextPath((await searchParams).next, "") || undefined;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Create your account</h1>
      <p className="text-sm text-slate-600">You get a personal organizer account where your events live.</p>
      <SignUpForm next={next} />
    </section>
  );
}
