"use client";

import { Button } from "@/app/_components/ui/button";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_auth/auth-client";
import { Field, SubmitButton } from "@/app/_components/form";

type DemoAccount = { email: string; name: string; role: string; password: string };

/** `returnTo` has been through safeReturnTo: a path on this site. */
export function LoginForm({
  demo,
  returnTo = "/",
  sso = null,
  passwords = true,
}: {
  demo: DemoAccount[] | null;
  returnTo?: string;
  /** Single sign-on through the OpenID Connect provider (README: Single sign-on). */
  sso?: { name: string } | null;
  /** False with OIDC_ONLY=1. */
  passwords?: boolean;
}) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await authClient.signIn.email({ email, password });
    if (result.error) {
      setBusy(false);
      // One answer for an unknown email and a wrong password: it tells an attacker nothing.
      setError(
        result.error.status === 429
          ? (result.error.message ?? "Too many attempts; wait a few minutes.")
          : "Email or password is wrong.",
      );
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  async function signInWithSso() {
    setBusy(true);
    setError(null);
    const result = await authClient.signIn.social({
      provider: "oidc",
      callbackURL: returnTo,
      errorCallbackURL: `/login?returnTo=${encodeURIComponent(returnTo)}`,
    });
    // On success the browser is already on its way to the provider.
    if (result.error) {
      setBusy(false);
      setError(`${sso?.name ?? "Single sign-on"} cannot be reached right now; try again in a minute.`);
    }
  }

  return (
    <>
      {sso && (
        <div className="mt-6">
          <Button onClick={signInWithSso} disabled={busy} variant="primary" size="lg" className="w-full">
            Sign in with {sso.name}
          </Button>
          {!passwords && error && (
            <p role="alert" className="mt-3 text-sm text-danger-700 dark:text-danger-400">
              {error}
            </p>
          )}
        </div>
      )}
      {passwords && (
        <form onSubmit={signIn} className="mt-6 space-y-4" noValidate>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {error && (
            <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
              {error}
            </p>
          )}
          <SubmitButton busy={busy}>{busy ? "Signing in…" : "Sign in"}</SubmitButton>
        </form>
      )}
      {demo && (
        <section
          aria-labelledby="demo-accounts"
          className="mt-8 rounded-lg border border-warning-300 bg-warning-50 p-4 text-sm dark:border-warning-800 dark:bg-warning-950/40"
        >
          <h2 id="demo-accounts" className="font-medium">
            Demo accounts
          </h2>
          <p className="mt-1 text-ink-600 dark:text-ink-300">
            This is a demo: every account&apos;s password is <code className="font-mono">{demo[0]?.password}</code>.
          </p>
          <ul className="mt-2 space-y-1">
            {demo.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  className="text-left text-accent-700 underline hover:text-accent-900 dark:text-accent-300"
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(account.password);
                  }}
                >
                  {account.name} ({account.role})
                </button>{" "}
                <span className="font-mono text-xs text-ink-600 dark:text-ink-400">{account.email}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
