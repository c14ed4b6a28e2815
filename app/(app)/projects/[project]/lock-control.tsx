"use client";

import { Button } from "@/app/_components/ui/button";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";

/** Lock (with a reason) or unlock an environment; used in column headers and in settings. */
export function LockControl({
  project,
  environment,
  name,
  locked,
}: {
  project: string;
  environment: string;
  name: string;
  locked: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [open, setOpen] = useState(false);
  const done = () => {
    setOpen(false);
    setReason("");
    void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
  };
  const fail = (error: { message: string }) => toast.error(`${name} was not changed`, { description: error.message });
  const lock = useMutation(trpc.moves.lock.mutationOptions({ onSuccess: done, onError: fail }));
  const unlock = useMutation(trpc.moves.unlock.mutationOptions({ onSuccess: done, onError: fail }));
  if (locked) {
    return (
      <button
        type="button"
        className="mt-1 text-xs text-accent-700 underline dark:text-accent-300"
        onClick={() => unlock.mutate({ project, environment })}
      >
        Unlock {name}
      </button>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="mt-1 text-xs text-ink-600 underline hover:text-ink-900 dark:text-ink-400"
        onClick={() => setOpen(true)}
      >
        Lock {name}…
      </button>
    );
  }
  return (
    <form
      className="mt-2 flex gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) lock.mutate({ project, environment, reason: reason.trim() });
      }}
    >
      <input
        autoFocus
        aria-label={`Why lock ${name}`}
        placeholder="Reason, e.g. incident 42"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-0 flex-1 rounded border border-ink-300 px-2 py-1 text-xs dark:border-ink-700 dark:bg-ink-950"
      />
      <Button type="submit" disabled={!reason.trim() || lock.isPending} variant="primary" size="sm">
        Lock
      </Button>
      <button type="button" className="px-1 text-xs" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
