"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { liveScope } from "@/server/domain/live-scope";

/**
 * Keeps a project's board and release pages current: every change to the project
 * arrives over server-sent events and refreshes the queries that show it, and only those. The
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
        // Events are pushed right after each commit. A burst (a cascade) costs one refetch:
        // a board already being fetched is not fetched again (that fetch started after the
        // commit, so it has the change). While this page's own move is in flight the board
        // is left alone: the move refetches it once it settles, after the same commit; so a
        // drag's optimistic move and its live event refetch the board once, not twice.
        // Each message is a burst of changes (at most one per 100 ms, server/live/feed.ts) that
        // says what it concerns: a release page and the inbox badge refresh only when it
        // concerns them (server/domain/live-scope.ts).
        onData: ({ data }) => {
          const scope = liveScope(data.events, data.truncated);
          if (scope.board && queryClient.isMutating({ mutationKey: trpc.moves.move.mutationKey() }) === 0) {
            void queryClient.invalidateQueries(
              { queryKey: trpc.board.board.queryKey({ project }) },
              { cancelRefetch: false },
            );
          }
          if (scope.releases === "all") {
            void queryClient.invalidateQueries({
              queryKey: trpc.board.release.pathKey(),
              predicate: (query) => (query.queryKey[1] as { input?: { project?: string } })?.input?.project === project,
            });
          } else {
            for (const version of scope.releases)
              void queryClient.invalidateQueries({ queryKey: trpc.board.release.queryKey({ project, version }) });
          }
          if (scope.inbox) void queryClient.invalidateQueries({ queryKey: trpc.account.inbox.queryKey() });
        },
        onError: () => setConnected(false),
      },
    ),
  );
  return connected;
}
