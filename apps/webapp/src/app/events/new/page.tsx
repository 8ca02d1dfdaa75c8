import type { Metadata } from "next";
import { organizerContext } from "@/server/session";
import { zoneOptions } from "../zones";
import { NewEventForm } from "./new-event-form";

export const metadata: Metadata = { title: "New event" };

export default async function NewEventPage() {
  const { account } = await organizerContext();
  return (
    <section className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-bold">New event</h1>
      <p className="text-sm text-slate-600">It starts as a draft in {account.name}; publish it when it is ready.</p>
      <NewEventForm accountId={account.id} zones={zoneOptions()} />
    </section>
  );
}
