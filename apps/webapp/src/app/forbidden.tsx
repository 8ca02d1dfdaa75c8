import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold">No access</h1>
      <p className="text-slate-600">Your role does not include this page. Ask the event's organizer if you need it.</p>
      <Link href="/events" className="font-medium text-brand-700 underline">
        Back to your events
      </Link>
    </section>
  );
}
