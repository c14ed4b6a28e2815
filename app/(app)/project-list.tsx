"use client";

import { cardClass } from "@/app/_components/ui/card";
import { EmptyState } from "@/app/_components/ui/empty-state";
import Link from "next/link";
import { Ban, FolderKanban, Lock, Snowflake } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { RelativeTime } from "@/app/_components/relative-time";

/** The overview: every project × its environments, the release in each, and what waits. */
export function ProjectList() {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.board.overview.queryOptions(), refetchInterval: 30_000 });
  if (overview.isPending) {
    return (
      <div className="grid gap-3" aria-busy>
        <Skeleton className="h-24" />
        <Skeleton className="h-24" />
      </div>
    );
  }
  if (overview.isError) return <ErrorState error={overview.error} retry={() => overview.refetch()} />;
  if (overview.data.length === 0) {
    return (
      <EmptyState icon={FolderKanban} title="No projects yet.">
        Release managers and admins create one with “New project”, or with{" "}
        <code className="font-mono">npx releaseboard pipeline apply pipeline.yaml</code>.
      </EmptyState>
    );
  }
  return (
    <ul className="grid gap-4">
      {overview.data.map(({ project, environments }) => (
        <li key={project.id} className={`${cardClass} p-4`}>
          <Link href={`/projects/${project.slug}`} className="text-lg font-semibold hover:underline">
            {project.name}
          </Link>
          {/* A row per project from `sm` up; on a phone, a list of its environments. */}
          <ol
            aria-label={`${project.name} environments`}
            className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-[repeat(var(--environments),minmax(0,1fr))]"
            style={{ "--environments": Math.max(1, environments.length) } as React.CSSProperties}
          >
            {environments.map((env) => (
              <li
                key={env.slug}
                className="flex flex-wrap items-baseline gap-x-3 rounded-lg bg-ink-50 p-2 text-sm sm:block dark:bg-ink-800/60"
              >
                <p className="flex w-24 shrink-0 items-center gap-1 text-xs font-medium text-ink-600 sm:w-auto dark:text-ink-400">
                  {env.name}
                  {env.locked && <Lock role="img" aria-label="Locked" className="size-3 text-locked" />}
                  {env.frozen && <Snowflake role="img" aria-label="Frozen" className="size-3 text-frozen" />}
                </p>
                {env.release ? (
                  <p className="mt-0.5">
                    <span className="font-mono font-semibold">{env.release.version}</span>
                    {env.others > 0 && <span className="text-xs text-ink-600 dark:text-ink-400"> +{env.others}</span>}
                    <span className="ml-1 text-xs text-ink-600 sm:ml-0 sm:block dark:text-ink-400">
                      for <RelativeTime date={env.release.since} />
                    </span>
                  </p>
                ) : (
                  <p className="mt-0.5 text-xs text-ink-500 dark:text-ink-400">—</p>
                )}
                {env.waitingForSignoff > 0 && (
                  <p className="mt-1 text-xs font-medium text-accent-700 dark:text-accent-300">
                    {env.waitingForSignoff} waiting for sign-off
                  </p>
                )}
                {env.blocked > 0 && (
                  <p className="mt-1 flex items-center gap-1 text-xs font-medium text-blocked">
                    <Ban aria-hidden className="size-3" />
                    {env.blocked} blocked
                  </p>
                )}
              </li>
            ))}
          </ol>
        </li>
      ))}
    </ul>
  );
}
