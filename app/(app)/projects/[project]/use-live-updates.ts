"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";

/**
 * Keeps a project's board and release pages current: every change to the project
 * arrives over server-sent events and refreshes the queries that show it. The
 * subscription resumes after a dropped connection from the last event it saw.
 */
export function useLiveUpdates(project: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useSubscription(
    trpc.board.events.subscriptionOptions(
      { project },
      {
        onStarted: () => setConnected(true),
        // A burst of events (a cascade) costs one refetch: each invalidation cancels the
        // refetch still in flight from the previous one.
        onData: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
          void queryClient.invalidateQueries({ queryKey: trpc.board.release.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.account.inbox.queryKey() });
        },
        onError: () => setConnected(false),
      },
    ),
  );
  return connected;
}
