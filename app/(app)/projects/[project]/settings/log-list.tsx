"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import { ErrorState, Skeleton } from "@/app/_components/states";

/**
 * One page of a delivery log (inbound or outbound): loading, error and empty states, then
 * each entry as a disclosure (`render` gives its summary and details), then the pager.
 */
export function LogList<T extends { id: number | string }>({
  page,
  skeleton,
  empty,
  pager,
  render,
}: {
  page: UseQueryResult<{ items: T[]; nextCursor: number | null }, TRPCClientErrorLike<AppRouter>>;
  /** The skeleton's classes (its height). */
  skeleton: string;
  empty: React.ReactNode;
  pager: (nextCursor: number | null) => React.ReactNode;
  render: (item: T) => React.ReactNode;
}) {
  if (page.isPending) return <Skeleton className={skeleton} />;
  if (page.isError) return <ErrorState error={page.error} retry={() => page.refetch()} />;
  if (page.data.items.length === 0) return <p className="mt-3 text-sm text-ink-600 dark:text-ink-400">{empty}</p>;
  return (
    <>
      <ul className="mt-3 divide-y divide-ink-200 text-sm dark:divide-ink-800">
        {page.data.items.map((item) => (
          <li key={item.id} className="py-2">
            <details>{render(item)}</details>
          </li>
        ))}
      </ul>
      {pager(page.data.nextCursor)}
    </>
  );
}

/** Sends a logged request again. */
export function SendAgainButton({ pending, onClick }: { pending: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="mt-2 text-sm text-accent-700 underline dark:text-accent-300"
      disabled={pending}
      onClick={onClick}
    >
      Send again
    </button>
  );
}

/** A logged request's body, scrollable and reachable by keyboard. */
export function LoggedBody({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className="mt-2 max-h-64 overflow-auto rounded bg-ink-100 p-2 font-mono text-xs dark:bg-ink-950"
    >
      {children}
    </pre>
  );
}
