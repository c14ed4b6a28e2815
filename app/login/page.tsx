import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/app/_auth/current-user";
import { hasUsers } from "@/server/auth/session";
import { demoAccounts, demoPassword } from "@/server/demo/seed";
import { roleLabels } from "@/server/domain/permissions";
import { runtime } from "@/server/runtime";
import { safeReturnTo } from "@/server/domain/notifications";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ returnTo?: string | string[] }> }) {
  const { config, db } = runtime();
  const { returnTo: asked } = await searchParams;
  // Same-origin paths only: anything else (https://…, //host) would be an open redirect.
  const returnTo = safeReturnTo(typeof asked === "string" ? asked : null);
  if (!hasUsers(db)) redirect("/setup");
  if (await currentUser()) redirect(returnTo);
  const demo = config.demo
    ? demoAccounts.map((a) => ({ email: a.email, name: a.name, role: roleLabels[a.role], password: demoPassword }))
    : null;
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Releaseboard</h1>
      <LoginForm demo={demo} returnTo={returnTo} />
    </main>
  );
}
