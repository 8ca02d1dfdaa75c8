import Link from "next/link";

export default function NotFound() {
  return (
    <section className="space-y-3 py-12 text-center">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/events" className="font-medium text-brand-700 underline">
        Back to your events
      </Link>
    </section>
  );
}
