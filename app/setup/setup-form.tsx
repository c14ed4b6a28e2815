"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_auth/auth-client";
import { Field, SubmitButton } from "@/app/_components/form";
import { useTRPC } from "@/app/_trpc/client";

export function SetupForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const create = useMutation(
    trpc.account.createFirstAdmin.mutationOptions({
      onSuccess: async () => {
        await authClient.signIn.email({ email: form.email, password: form.password });
        router.replace("/");
        router.refresh();
      },
    }),
  );
  const fields = create.error?.data?.domain?.fields ?? [];
  const fieldError = (name: string) => fields.find((f) => f.path === name)?.message;
  const set = (name: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [name]: e.target.value });

  return (
    <form
      className="mt-6 space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(form);
      }}
    >
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        required
        value={form.name}
        onChange={set("name")}
        error={fieldError("name")}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={form.email}
        onChange={set("email")}
        error={fieldError("email")}
      />
      <Field
        label="Password (12 characters or more, not a common one)"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        value={form.password}
        onChange={set("password")}
        error={fieldError("password")}
      />
      {create.error && fields.length === 0 && (
        <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
          {create.error.message}
        </p>
      )}
      <SubmitButton busy={create.isPending}>{create.isPending ? "Creating…" : "Create admin account"}</SubmitButton>
    </form>
  );
}
