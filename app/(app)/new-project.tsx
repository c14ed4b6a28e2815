"use client";

import { Button, buttonVariants } from "@/app/_components/ui/button";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { slugFrom } from "@/app/_components/slug";
import { Field } from "@/app/_components/form";
import type { PipelinePreset } from "@/server/domain/pipeline-presets";

const presets: { value: PipelinePreset; label: string }[] = [
  { value: "continuous-delivery", label: "Continuous delivery: flows on its own, Production waits for a sign-off" },
  { value: "continuous-deployment", label: "Continuous deployment: every environment promotes on its own" },
  { value: "manual", label: "Manual: people promote every release" },
];

export function NewProject() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [preset, setPreset] = useState<PipelinePreset>("continuous-delivery");
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: ({ slug }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.board.overview.queryKey() });
        router.push(`/projects/${slug}`);
      },
    }),
  );
  const fields = create.error?.data?.domain?.fields ?? [];
  const errorOf = (path: string) => fields.find((f) => f.path === path)?.message;
  const address = slug ?? slugFrom(name);

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={buttonVariants({ variant: "primary" })}>
        New project
      </button>
    );
  }
  return (
    <form
      aria-label="New project"
      className="mb-6 grid max-w-xl gap-3 rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name, slug: address, preset });
      }}
    >
      <h2 className="text-lg font-semibold">New project</h2>
      <Field
        label="Name"
        name="project-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={100}
        error={errorOf("name")}
        autoFocus
      />
      <Field
        label="Address"
        name="project-slug"
        value={address}
        onChange={(e) => setSlug(e.target.value)}
        required
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        title="lowercase letters, digits and single dashes"
        error={errorOf("slug")}
      />
      <p className="-mt-2 text-xs text-ink-600 dark:text-ink-400">
        The board lives at /projects/{address || "…"}; CI uses it in API paths. It cannot change later.
      </p>
      <div>
        <label htmlFor="project-preset" className="block text-sm font-medium">
          How releases move
        </label>
        <select
          id="project-preset"
          value={preset}
          onChange={(e) => setPreset(e.target.value as PipelinePreset)}
          className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 text-sm dark:border-ink-700 dark:bg-ink-900"
        >
          {presets.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <p className="mt-1 text-xs text-ink-600 dark:text-ink-400">
          Starts with Development → QA → Staging → Production; change it in the project&apos;s settings.
        </p>
      </div>
      {create.error && fields.length === 0 && (
        <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
          {create.error.message}
        </p>
      )}
      <div className="flex gap-3">
        <button type="submit" disabled={create.isPending} className={buttonVariants({ variant: "primary" })}>
          {create.isPending ? "Creating…" : "Create project"}
        </button>
        <Button onClick={() => setOpen(false)} variant="ghost">
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Archived projects, out of the way below the overview, with a way back for managers. */
export function ArchivedProjects({ manages }: { manages: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archived = useQuery(trpc.projects.archived.queryOptions());
  const restore = useMutation(
    trpc.projects.archive.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.board.overview.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.projects.archived.queryKey() }),
        ]),
    }),
  );
  if (!archived.data?.length) return null;
  return (
    <section aria-labelledby="archived" className="mt-8">
      <h2 id="archived" className="text-sm font-semibold text-ink-600 dark:text-ink-400">
        Archived
      </h2>
      <ul className="mt-2 grid gap-1 text-sm">
        {archived.data.map((p) => (
          <li key={p.slug} className="flex items-center gap-3">
            <a href={`/projects/${p.slug}`} className="hover:underline">
              {p.name}
            </a>
            {manages && (
              <button
                type="button"
                className="text-accent-700 hover:underline dark:text-accent-300"
                disabled={restore.isPending}
                onClick={() => restore.mutate({ project: p.slug, archived: false })}
              >
                Restore {p.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
