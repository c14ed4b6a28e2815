"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { liveScope } from "@/server/domain/live-scope";
import { applyBoardPatch } from "@/server/domain/board-patch";

/**
 * Keeps a project's board and release pages current: every change to the project
 * arrives over server-sent events with the board's change in it, which patches the board this
 * page holds (no fetch); release pages and the inbox badge refresh only when a change concerns
 * them. The subscription starts after the board's own last change, and resumes after a dropped
 * connection from the last event it saw.
 */
export function useLiveUpdates(project: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  // The stream starts after the last change the board this page opened with includes (the board
  // is prefetched with the page): a change made between that read and the stream's start — on a
  // busy server, or through another instance — comes as a catch-up, not never.
  const [since] = useState(() => queryClient.getQueryData(trpc.board.board.queryKey({ project }))?.asOfEvent);
  useSubscription(
    trpc.board.events.subscriptionOptions(since === undefined ? { project } : { project, lastEventId: String(since) }, {
      onStarted: () => setConnected(true),
      // Each message is a burst of changes (at most one per 50 ms, server/live/feed.ts) that
      // says what it concerns (server/domain/live-scope.ts) and carries what it changed on the
      // board: the changed cards and each column's order, computed once on the server for every
      // viewer. The board held here is patched; it is fetched once only when the patch does not
      // apply (a reconnect after missed changes, a board older than the patch's base). While this
      // page's own move is in flight the board is left alone: the move refetches it once it
      // settles, after the same commit; so a drag's optimistic move and its live event cost one
      // fetch, not two.
      onData: ({ data }) => {
        const scope = liveScope(data.events, data.truncated);
        const boardKey = trpc.board.board.queryKey({ project });
        if (scope.board && queryClient.isMutating({ mutationKey: trpc.moves.move.mutationKey() }) === 0) {
          const patch = data.board;
          const update = () => {
            const held = queryClient.getQueryData(boardKey);
            if (patch && held && held.asOfEvent >= patch.asOfEvent) return;
            const patched = patch && applyBoardPatch(held, patch);
            if (patched) queryClient.setQueryData(boardKey, patched);
            // A fetch already running started after the commit, so it has the change: not fetched again.
            else void queryClient.invalidateQueries({ queryKey: boardKey }, { cancelRefetch: false });
          };
          // A fetch that started before this change could land after the patch with an older board: cancelled first.
          if (patch && queryClient.isFetching({ queryKey: boardKey }))
            void queryClient.cancelQueries({ queryKey: boardKey }).then(update);
          else update();
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
    }),
  );
  return connected;
}
