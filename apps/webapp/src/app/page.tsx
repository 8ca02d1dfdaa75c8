import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/auth";

export default async function Home() {
  if ((await currentSession())?.user) redirect("/events");
  return (
    <section className="mx-auto max-w-2xl space-y-6 py-12 text-center">
      <h1 className="text-4xl font-bold tracking-tight">Run live events with a recorded stage</h1>
      <p className="text-lg text-slate-600">
        Create events and rooms, bring speakers on stage and off, and give every participant their own clips.
      </p>
      <div className="flex flex-wrap justify-center gap-3">
        <Link href="/signup" className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
          Create an account
        </Link>
        <Link href="/signin" className="rounded-md border border-slate-300 bg-white px-5 py-2.5 font-semibold">
          Sign in
        </Link>
      </div>
    </section>
  );
}
