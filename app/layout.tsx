import type { Metadata } from "next";
import Link from "next/link";
import { TRPCReactProvider } from "./_trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Releaseboard", template: "%s · Releaseboard" },
  description: "See where every release is and move it along.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <TRPCReactProvider>
          <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <nav aria-label="Main" className="mx-auto flex h-12 max-w-[1800px] items-center gap-6 px-4">
              <Link href="/" className="font-semibold tracking-tight">
                Releaseboard
              </Link>
              <Link href="/" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                Projects
              </Link>
            </nav>
          </header>
          <main className="mx-auto max-w-[1800px] px-4 py-6">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
