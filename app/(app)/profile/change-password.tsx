"use client";

import { buttonVariants } from "@/app/_components/ui/button";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { authClient } from "@/app/_auth/auth-client";
import { TextField } from "@/app/_components/form";

/** A new password; every other session of this person ends (server/auth/auth.ts insists). */
export function ChangePassword() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section
      aria-labelledby="change-password"
      className="mt-4 max-w-xl rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900"
    >
      <h2 id="change-password" className="text-lg font-semibold">
        Change password
      </h2>
      <form
        className="mt-3 space-y-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          const result = await authClient.changePassword({ currentPassword: current, newPassword: next });
          setBusy(false);
          if (result.error) return setError(result.error.message ?? "Not changed");
          setCurrent("");
          setNext("");
          toast.success("Password changed; your other sessions have ended");
        }}
      >
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          required
        />
        <TextField
          label="New password"
          hint="at least 8 characters"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          required
          minLength={8}
        />
        {error && (
          <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className={buttonVariants({ variant: "primary" })}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
