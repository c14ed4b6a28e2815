"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { buttonVariants } from "@/app/_components/ui/button";
import { toast } from "@/app/_components/ui/toast";
import { TextField } from "@/app/_components/form";
import { useTRPC } from "@/app/_trpc/client";

/** A new password; every other session of this person ends (server/services/change-password.ts). */
export function ChangePassword() {
  const trpc = useTRPC();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNext("");
        toast.success("Password changed; your other sessions have ended");
      },
    }),
  );
  const fields = change.error?.data?.domain?.fields ?? [];
  const fieldError = (name: string) => fields.find((f) => f.path === name)?.message;
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
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ currentPassword: current, newPassword: next });
        }}
      >
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={fieldError("currentPassword")}
          required
        />
        <TextField
          label="New password"
          hint="12 characters or more, not a common one; your other sessions end"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={fieldError("newPassword")}
          required
        />
        {change.error && fields.length === 0 && (
          <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
            {change.error.message}
          </p>
        )}
        <button type="submit" disabled={change.isPending} className={buttonVariants({ variant: "primary" })}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
