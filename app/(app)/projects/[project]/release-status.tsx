"use client";

import { CalendarClock, CircleX, Hand } from "lucide-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import type { BoardCard } from "@/server/queries/board";

/** What a card and the release page both say about holds, schedules and downgrades. */
export type ReleaseStatus = Pick<BoardCard, "held" | "olderThan" | "autoPromotes" | "schedule"> & {
  scheduleFailure?: BoardCard["scheduleFailure"];
};

/** "Mon, 7 Dec, 08:00 GMT" in the reader's own time zone: a schedule may be weeks away. */
export function localClock(date: Date): string {
  return date.toLocaleString(undefined, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZoneName: "short",
  });
}

function useReleaseMutations(project: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
    void queryClient.invalidateQueries({ queryKey: trpc.board.release.pathKey() });
  };
  const releaseHold = useMutation(
    trpc.moves.releaseHold.mutationOptions({
      onSuccess: (result, input) => {
        const moved = result.autoPromoted.at(-1);
        toast.success(`${input.version}: hold released${moved ? `, auto-promoted to ${moved.to}` : ""}`);
      },
      onError: (error, input) => toast.error(`${input.version}: hold not released`, { description: error.message }),
      onSettled: refresh,
    }),
  );
  const cancel = useMutation(
    trpc.moves.cancelSchedule.mutationOptions({
      onSuccess: (_, input) => toast.success(`${input.version}: scheduled promotion cancelled`),
      onError: (error, input) =>
        toast.error(`${input.version}: schedule not cancelled`, { description: error.message }),
      onSettled: refresh,
    }),
  );
  return { releaseHold, cancel };
}

const linkButton = "ml-1 underline hover:no-underline disabled:opacity-50";

/**
 * The hold after a rollback (with Release hold), a pending or failed scheduled promotion
 * (with Cancel), and whether the release is older than what is in the next environment.
 */
export function ReleaseNotices({
  project,
  version,
  status,
  canMove,
}: {
  project: string;
  version: string;
  status: ReleaseStatus;
  canMove: boolean;
}) {
  const { releaseHold, cancel } = useReleaseMutations(project);
  const { held, schedule, scheduleFailure, olderThan, autoPromotes } = status;
  return (
    <>
      {held && (
        <p role="status" className="mt-2 rounded-md border border-held/30 bg-held-soft px-2 py-1 text-xs text-held">
          <Hand aria-hidden className="mr-1 inline size-3 align-[-2px]" />
          <span className="font-medium">{held.label}</span>{" "}
          <span>
            (<RelativeTime date={held.at} suffix />)
          </span>
          {canMove && (
            <button
              type="button"
              className={linkButton}
              disabled={releaseHold.isPending}
              onClick={() => releaseHold.mutate({ project, version })}
            >
              Release hold
            </button>
          )}
        </p>
      )}
      {olderThan && (
        <p className="mt-2 inline-block rounded-md border border-line bg-raised px-1.5 py-0.5 text-xs font-medium text-ink-800 dark:text-ink-100">
          {/* README: "older than live 5.6.0", whichever environment is next. */}
          older than live {olderThan.version}
        </p>
      )}
      {schedule && (
        <p className="mt-2 rounded-md border border-accent-600/20 bg-accent-50 px-2 py-1 text-xs text-accent-950 dark:bg-accent-950 dark:text-accent-100">
          <CalendarClock aria-hidden className="mr-1 inline size-3 align-[-2px]" />
          Scheduled for {schedule.toName}{" "}
          {/* The server renders its own time zone; the browser then shows the reader's. */}
          <time dateTime={new Date(schedule.at).toISOString()} suppressHydrationWarning>
            {localClock(new Date(schedule.at))}
          </time>{" "}
          by {schedule.by}
          {canMove && (
            <button
              type="button"
              className={linkButton}
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ project, version })}
            >
              Cancel
            </button>
          )}
        </p>
      )}
      {scheduleFailure && (
        <p className="mt-2 rounded-md border border-failed/30 bg-failed-soft px-2 py-1 text-xs text-failed">
          <CircleX aria-hidden className="mr-1 inline size-3 align-[-2px]" />
          Scheduled promotion to {scheduleFailure.toName} at{" "}
          <time dateTime={new Date(scheduleFailure.at).toISOString()} suppressHydrationWarning>
            {localClock(new Date(scheduleFailure.at))}
          </time>{" "}
          did not run: {scheduleFailure.reason}
        </p>
      )}
      {autoPromotes && !held && (
        <p className="mt-1 text-xs text-info-800 dark:text-info-300">{capitalise(autoPromotes.label)}</p>
      )}
    </>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
