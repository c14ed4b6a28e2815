"use client";

import { Button, buttonVariants } from "@/app/_components/ui/button";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Dialog } from "@/app/_components/ui/dialog";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { localClock } from "./release-status";

export type ScheduleRequest = {
  version: string;
  from: string;
  to: string;
  toName: string;
  /** When the target's freeze (active or coming) ends: a moment worth aiming for. */
  freezeEndsAt: Date | null;
};

/** "2026-12-01T08:00" for a datetime-local input, in the reader's time zone. */
function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function tomorrowAt8(): Date {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(8, 0, 0, 0);
  return at;
}

/** Asks when to promote a release; the scheduler tries it then, with its gates, as you. */
export function ScheduleDialog({
  project,
  request,
  onClose,
}: {
  project: string;
  request: ScheduleRequest | null;
  onClose: () => void;
}) {
  return (
    <Dialog open={request !== null} labelledBy="schedule-dialog-title" onClose={onClose}>
      {request && (
        <ScheduleForm key={`${request.version}:${request.to}`} project={project} request={request} onClose={onClose} />
      )}
    </Dialog>
  );
}

function ScheduleForm({
  project,
  request,
  onClose,
}: {
  project: string;
  request: ScheduleRequest;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [when, setWhen] = useState(toLocalInput(request.freezeEndsAt ?? tomorrowAt8()));
  const [error, setError] = useState<string | null>(null);
  const schedule = useMutation(
    trpc.moves.schedule.mutationOptions({
      onSuccess: (result) => {
        toast.success(`${request.version} will be promoted to ${request.toName} ${localClock(new Date(result.at))}`);
        void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
        void queryClient.invalidateQueries({ queryKey: trpc.board.release.pathKey() });
        onClose();
      },
      onError: (e) => setError(e.message),
    }),
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const at = new Date(when);
        if (Number.isNaN(at.getTime())) return setError("Choose a date and time");
        schedule.mutate({
          project,
          version: request.version,
          from: request.from,
          to: request.to,
          at: at.toISOString(),
        });
      }}
    >
      <h2 id="schedule-dialog-title" className="text-lg font-semibold">
        Schedule {request.version} → {request.toName}
      </h2>
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        At that time it is promoted as you, if its gates hold then; if not, it stays and the card says why.
      </p>
      <label htmlFor="schedule-at" className="mt-4 block text-sm font-medium">
        When ({zone})
      </label>
      <input
        id="schedule-at"
        type="datetime-local"
        required
        value={when}
        onChange={(e) => {
          setWhen(e.target.value);
          setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "schedule-error" : undefined}
        className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 text-sm dark:border-ink-700 dark:bg-ink-950"
      />
      {request.freezeEndsAt && (
        <button
          type="button"
          className="mt-2 text-sm text-accent-700 underline dark:text-accent-300"
          onClick={() => setWhen(toLocalInput(request.freezeEndsAt!))}
        >
          When the freeze ends ({localClock(request.freezeEndsAt)})
        </button>
      )}
      {error && (
        <p id="schedule-error" role="alert" className="mt-2 text-sm text-danger-700 dark:text-danger-400">
          {error}
        </p>
      )}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose} variant="ghost">
          Cancel
        </Button>
        <button type="submit" disabled={schedule.isPending} className={buttonVariants({ variant: "primary" })}>
          Schedule promotion
        </button>
      </div>
    </form>
  );
}
