"use client";

import { Button } from "./ui/button";
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
    <div role="alert" className="rounded-lg border border-failed/30 bg-failed-soft p-4 text-failed">
      <p className="font-medium">Could not load this.</p>
      <p className="mt-1 text-sm">{error?.message ?? "Unknown error"}</p>
      {retry && (
        <Button variant="danger" onClick={retry} className="mt-3">
          Try again
        </Button>
      )}
    </div>
  );
}

export { Skeleton } from "./ui/skeleton";
