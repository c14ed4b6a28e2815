import type { Metadata } from "next";
import { WelcomeForm } from "./welcome-form";

export const metadata: Metadata = { title: "Welcome", referrer: "no-referrer" };

/**
 * Where a one-time link leads (README: People): an invitation (choose a name and a password) or a
 * password reset (choose a new password). The token is in the link's #fragment, so it never reaches
 * a server log or a Referer; the form reads it in the browser.
 */
export default function WelcomePage() {
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome to Releaseboard</h1>
      <WelcomeForm />
    </main>
  );
}
