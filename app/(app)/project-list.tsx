"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";

export function ProjectList() {
  const trpc = useTRPC();
  const projects = useQuery(trpc.board.projects.queryOptions());
  if (projects.isPending) {
    return (
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-busy>
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
    );
  }
  if (projects.isError) return <ErrorState error={projects.error} retry={() => projects.refetch()} />;
  if (projects.data.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-slate-600 dark:border-slate-700 dark:text-slate-300">
        No projects yet. Create one with <code className="font-mono">npx releaseboard pipeline apply pipeline.yaml</code>.
      </p>
    );
  }
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {projects.data.map((p) => (
        <li key={p.id}>
          <Link
            href={`/projects/${p.slug}`}
            className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-indigo-400 hover:shadow dark:border-slate-800 dark:bg-slate-900"
          >
            <span className="font-medium">{p.name}</span>
            <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{p.environments.join(" → ")}</span>
            <span className="mt-2 block text-xs text-slate-500">
              {p.activeReleases} release{p.activeReleases === 1 ? "" : "s"} on the board
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
