import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasUsers } from "@/server/auth/session";
import { runtime } from "@/server/runtime";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

/** First run only: creates the admin account on a database with no users. */
export default async function SetupPage() {
  if (await hasUsers(runtime().db)) redirect("/login");
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="text-2xl font-semibold tracking-tight">Welcome to Releaseboard</h1>
      <p className="mt-2 text-sm text-ink-600 dark:text-ink-300">
        Create the admin account. You can add everyone else afterwards with{" "}
        <code className="font-mono">npx releaseboard user add</code>.
      </p>
      <SetupForm />
    </main>
  );
}
