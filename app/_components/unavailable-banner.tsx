"use client";

import { Button } from "./ui/button";
import { useSyncExternalStore } from "react";
import { clearUnavailable, currentUnavailable, subscribeUnavailable } from "@/app/_trpc/unavailable";

/**
 * Shown while the server cannot write (README: Faults): what happened, that nothing was
 * saved, and that what was typed is still there to send again. Goes away by itself when
 * the next change is saved.
 */
export function UnavailableBanner() {
  const notice = useSyncExternalStore(subscribeUnavailable, currentUnavailable, () => null);
  if (!notice) return null;
  return (
    <div
      role="alert"
      className="sticky top-0 z-50 border-b border-warning-300 bg-warning-50 px-4 py-2 text-sm text-warning-950 dark:border-warning-800 dark:bg-warning-950 dark:text-warning-100"
    >
      <div className="mx-auto flex max-w-page items-center gap-4">
        <p>
          <span className="font-medium">Your change was not saved.</span> {notice.message}. What you entered is still
          here.
        </p>
        <Button
          onClick={clearUnavailable}
          variant="ghost"
          size="sm"
          className="ml-auto shrink-0 text-inherit hover:bg-warning-100 dark:text-inherit dark:hover:bg-warning-900"
        >
          Dismiss
        </Button>
      </div>
    </div>
  );
}
