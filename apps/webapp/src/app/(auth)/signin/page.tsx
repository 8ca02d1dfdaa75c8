import type { Metadata } from "next";
import { safeNextPath } from "@/server/redirect";
import { SignInForm } from "../auth-forms";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  // Only a path on this site survives; anything else falls back to the events list after signing in.
  const next = safeNextPath((await searchParams).next, "") || undefined;
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-bold">Sign in</h1>
      <SignInForm next={next} />
    </section>
  );
}
