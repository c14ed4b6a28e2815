"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { authClient } from "@/app/_auth/auth-client";
import { Field, SubmitButton } from "@/app/_components/form";
import { useTRPC } from "@/app/_trpc/client";
import { roleLabels } from "@/server/domain/permissions";

export function WelcomeForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const token = useSyncExternalStore(onHashChange, linkToken, () => null);
  const [form, setForm] = useState({ name: "", password: "" });
  const link = useQuery({ ...trpc.account.link.queryOptions({ token: token ?? "" }), enabled: token !== null });
  const accept = useMutation(
    trpc.account.acceptLink.mutationOptions({
      onSuccess: async ({ email }) => {
        const signedIn = await authClient.signIn.email({ email, password: form.password });
        router.replace(signedIn.error ? "/login" : "/");
        router.refresh();
      },
    }),
  );
  if (token === null || link.isPending) return <p className="mt-4 text-sm text-ink-600">Checking your link…</p>;
  if (link.isError || !link.data)
    return (
      <div className="mt-4 space-y-2 text-sm">
        <p role="alert">This link has expired or was already used. Ask an admin for a new one.</p>
        <p>
          <Link className="text-accent-700 underline dark:text-accent-300" href="/login">
            Sign in
          </Link>
        </p>
      </div>
    );
  const invite = link.data.kind === "invite";
  const fields = accept.error?.data?.domain?.fields ?? [];
  const fieldError = (name: string) => fields.find((f) => f.path === name)?.message;
  return (
    <>
      <p className="mt-2 text-sm text-ink-600 dark:text-ink-300">
        {invite
          ? `You are invited as ${link.data.role ? roleLabels[link.data.role] : "a member"} with ${link.data.email}. Choose the name others see and your password.`
          : `Choose a new password for ${link.data.email}.`}
      </p>
      <form
        className="mt-6 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          accept.mutate({ token, password: form.password, ...(invite ? { name: form.name } : {}) });
        }}
      >
        {invite && (
          <Field
            label="Your name"
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            error={fieldError("name")}
          />
        )}
        <input type="hidden" name="email" autoComplete="username" value={link.data.email} />
        <Field
          label={
            invite
              ? "Password (12 characters or more, not a common one)"
              : "New password (12 characters or more, not a common one)"
          }
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
          error={fieldError("password")}
        />
        {accept.error && fields.length === 0 && (
          <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
            {accept.error.message}
          </p>
        )}
        <SubmitButton busy={accept.isPending}>
          {accept.isPending ? "Saving…" : invite ? "Create my account" : "Set new password"}
        </SubmitButton>
      </form>
    </>
  );
}

/** The link's token, from its #fragment (never sent to the server with the page request). */
const linkToken = () => window.location.hash.slice(1, 201);
function onHashChange(callback: () => void) {
  window.addEventListener("hashchange", callback);
  return () => window.removeEventListener("hashchange", callback);
}
