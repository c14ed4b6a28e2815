"use client";

import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";

export function ErrorState({
  error,
  retry,
}: {
  error: TRPCClientErrorLike<AppRouter> | Error | null;
  retry?: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">Could not load this.</p>
      <p className="mt-1 text-sm">{error?.message ?? "Unknown error"}</p>
      {retry && (
        <button
          type="button"
          onClick={retry}
          className="mt-3 rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800"
        >
          Try again
        </button>
      )}
    </div>
  );
}

export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-md bg-slate-200 dark:bg-slate-800 ${className}`} />;
}
