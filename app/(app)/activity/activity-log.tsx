"use client";

import { Button } from "@/app/_components/ui/button";
import { History } from "lucide-react";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";
import type { ActivityEntry } from "@/server/queries/activity";
import { ActivityEntries } from "./activity-entries";
import { kindLabels } from "./kind-labels";

const filterKeys = ["project", "environment", "actor", "kind", "since", "until"] as const;
type FilterKey = (typeof filterKeys)[number];

const control =
  "mt-1 block rounded-md border border-ink-300 bg-white px-2 py-1.5 text-sm dark:border-ink-700 dark:bg-ink-950";

/** A datetime-local value is the reader's own clock; the server wants an instant. */
const instant = (local: string | null) => {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** One labelled control of the filter form. */
function FilterField({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A filter chosen from a list, its first option (`all`) meaning no filter. */
function FilterSelect({
  id,
  label,
  value,
  onChange,
  all,
  options,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  all: string;
  options: { value: string; label: string }[];
  disabled?: boolean;
}) {
  return (
    <FilterField id={id} label={label}>
      <select id={id} className={control} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

/**
 * The audit log with its filters in the address bar, so a filtered view can be shared
 * and the CSV link exports exactly what is on screen.
 */
export function ActivityLog({ project }: { project?: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const pathname = usePathname();
  const value = (key: FilterKey) => (key === "project" && project ? project : (params.get(key) ?? ""));
  const filter = {
    project: value("project") || undefined,
    environment: value("environment") || undefined,
    actor: value("actor") || undefined,
    kind: (value("kind") || undefined) as ActivityEntry["kind"] | undefined,
    since: instant(value("since")),
    until: instant(value("until")),
  };
  const set = (key: FilterKey, next: string) => {
    // From the address bar itself, not this render's params, so quick changes build on each other.
    const search = new URLSearchParams(window.location.search);
    if (next) search.set(key, next);
    else search.delete(key);
    // An environment belongs to a project: a new project clears it.
    if (key === "project") search.delete("environment");
    // Next.js syncs useSearchParams with the native history API, without a server round trip.
    window.history.replaceState(null, "", `${pathname}${search.size ? `?${search}` : ""}`);
  };

  /** A filter control's value and change handler, read from and written to the address bar. */
  const bind = (key: FilterKey) => ({ value: value(key), onChange: (next: string) => set(key, next) });

  const options = useQuery(trpc.activity.filters.queryOptions());
  const log = useInfiniteQuery(
    trpc.activity.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const environments = options.data?.projects.find((p) => p.slug === filter.project)?.environments ?? [];
  const csv = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = filterKeys.some((k) => k !== "project" && value(k)) || (!project && value("project"));

  return (
    <div className="grid gap-4">
      <form
        role="search"
        aria-label="Filter activity"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => e.preventDefault()}
      >
        {!project && (
          <FilterSelect
            id="filter-project"
            label="Project"
            {...bind("project")}
            all="All projects"
            options={(options.data?.projects ?? []).map((p) => ({ value: p.slug, label: p.name }))}
          />
        )}
        <FilterSelect
          id="filter-environment"
          label="Environment"
          {...bind("environment")}
          disabled={!filter.project}
          all={filter.project ? "All environments" : "Choose a project first"}
          options={environments.map((e) => ({ value: e.slug, label: e.name }))}
        />
        <FilterSelect
          id="filter-who"
          label="Who"
          {...bind("actor")}
          all="Anyone"
          options={(options.data?.actors ?? []).map((a) => ({
            value: a.id,
            label: a.type === "token" ? `${a.name} (CI)` : a.name,
          }))}
        />
        <FilterSelect
          id="filter-what"
          label="What"
          {...bind("kind")}
          all="Everything"
          options={(options.data?.kinds ?? []).map((k) => ({ value: k, label: kindLabels[k] }))}
        />
        <FilterField id="filter-from" label="From">
          <input
            id="filter-from"
            type="datetime-local"
            className={control}
            value={value("since")}
            onChange={(e) => set("since", e.target.value)}
          />
        </FilterField>
        <FilterField id="filter-to" label="To">
          <input
            id="filter-to"
            type="datetime-local"
            className={control}
            value={value("until")}
            onChange={(e) => set("until", e.target.value)}
          />
        </FilterField>
        {filtered && (
          <Button variant="ghost" onClick={() => window.history.replaceState(null, "", pathname)}>
            Clear filters
          </Button>
        )}
        <a
          href={`/api/activity/export${csv.size ? `?${csv}` : ""}`}
          download
          className="ml-auto rounded-md border border-ink-300 px-3 py-1.5 text-sm font-medium hover:bg-ink-100 dark:border-ink-700 dark:hover:bg-ink-800"
        >
          Download CSV
        </a>
      </form>

      {log.isPending ? (
        <div className="grid gap-2">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : log.isError ? (
        <ErrorState error={log.error} retry={() => log.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon={History} title={filtered ? "Nothing matches these filters." : "Nothing has happened yet."}>
          {filtered
            ? "Widen the dates or clear a filter to see more."
            : "Moves, results, sign-offs, locks and pipeline changes are recorded here."}
        </EmptyState>
      ) : (
        <>
          <ActivityEntries entries={entries} showProject={!project} />
          {log.hasNextPage && (
            <Button
              className="justify-self-start"
              disabled={log.isFetchingNextPage}
              onClick={() => log.fetchNextPage()}
            >
              {log.isFetchingNextPage ? "Loading…" : "Load older entries"}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
