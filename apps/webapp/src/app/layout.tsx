import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentSession } from "@/auth";
import { signOutAction } from "./(auth)/actions";
import { VerifyEmailBanner } from "./(auth)/verify-banner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Greenroom", template: "%s · Greenroom" },
  description: "Live events with recorded stages and personal clips.",
  // A static file (public/), not app/icon.svg: Next serves that one from a route handler of its own, with a copy of
  // the server code in the bundle (docs/decisions/0022-machine-endpoints-in-the-api-worker.md).
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml" } },
};

export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-4 py-3">
            <Link href="/" className="text-lg font-bold text-brand-700">
              Greenroom
            </Link>
            {session?.user ? (
              <>
                <Link href="/events" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                  Events
                </Link>
                <Link href="/my" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                  My events
                </Link>
                <Link href="/account" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                  Account
                </Link>
                {session.user.platformRole === "admin" ? (
                  <Link href="/admin" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                    Admin
                  </Link>
                ) : null}
                <span className="ml-auto text-sm text-slate-600">{session.user.email}</span>
                <form action={signOutAction}>
                  <button type="submit" className="text-sm font-medium text-slate-700 underline hover:text-slate-950">
                    Sign out
                  </button>
                </form>
              </>
            ) : (
              <span className="ml-auto flex gap-4 text-sm font-medium">
                <Link href="/signin">Sign in</Link>
                <Link href="/signup">Create account</Link>
              </span>
            )}
          </nav>
        </header>
        {session?.user?.email && session.user.addressVerified === false ? (
          <VerifyEmailBanner email={session.user.email} />
        ) : null}
        <main id="main" className="mx-auto max-w-5xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
