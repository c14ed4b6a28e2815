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

type Search = { returnTo?: string | string[]; error?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { config, db } = runtime();
  const { returnTo: asked, error } = await searchParams;
  // Same-origin paths only: anything else (https://…, //host) would be an open redirect.
  const returnTo = safeReturnTo(typeof asked === "string" ? asked : null);
  if (!(await hasUsers(db))) redirect("/setup");
  if (await currentUser()) redirect(returnTo);
  const demo = config.demo
    ? demoAccounts.map((a) => ({ email: a.email, name: a.name, role: roleLabels[a.role], password: demoPassword }))
    : null;
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Releaseboard</h1>
      {error !== undefined && (
        <p
          role="alert"
          className="mt-4 rounded-md border border-danger-300 bg-danger-50 p-3 text-sm text-danger-900 dark:border-danger-800 dark:bg-danger-950 dark:text-danger-100"
        >
          {config.oidc
            ? `Signing in with ${config.oidc.name} did not work (${String(error).slice(0, 80)}). Try again, or ask an admin if it keeps failing.`
            : "Signing in did not work. Try again."}
        </p>
      )}
      <LoginForm
        demo={demo}
        returnTo={returnTo}
        sso={config.oidc ? { name: config.oidc.name } : null}
        passwords={!config.oidc?.only}
      />
    </main>
  );
}
