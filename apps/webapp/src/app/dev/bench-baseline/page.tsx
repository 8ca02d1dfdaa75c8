import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appConfig } from "@/server/context";

export const metadata: Metadata = { title: "Bench baseline", robots: { index: false, follow: false } };

/**
 * The benchmark's baseline (`pnpm bench`): the root layout (with its session check) and one D1 query. It exists only
 * behind the local counting wrapper (scripts/bench-config.mjs sets GREENROOM_BENCH); anywhere else it is a 404.
 */
export default async function BenchBaselinePage() {
  const config = await appConfig();
  if (!config.bench) notFound();
  const row = await config.bindings.WEBAPP_DB.prepare("SELECT count(*) AS n FROM events").first<{ n: number }>();
  return (
    <section className="space-y-2">
      <h1 className="text-2xl font-bold">Bench baseline</h1>
      <p className="text-slate-600">{row?.n ?? 0} events in the database.</p>
    </section>
  );
}
