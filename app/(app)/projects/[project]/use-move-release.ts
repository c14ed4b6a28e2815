"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";

/**
 * Moving a card: it lands in its new column at once; if the server refuses, the board goes
 * back to what it was and a toast gives the server's reasons. Either way the board is then
 * read again, so what shows is what the server holds.
 */
export function useMoveRelease(project: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const boardKey = trpc.board.board.queryKey({ project });
  return useMutation(
    trpc.moves.move.mutationOptions({
      onMutate: async (input) => {
        await queryClient.cancelQueries({ queryKey: boardKey });
        const before = queryClient.getQueryData(boardKey);
        queryClient.setQueryData(boardKey, (data) => {
          if (!data) return data;
          const card = data.columns.flatMap((c) => c.cards).find((c) => c.version === input.version);
          if (!card) return data;
          return {
            ...data,
            columns: data.columns.map((c) => ({
              ...c,
              cards:
                c.environment.slug === input.to
                  ? [
                      { ...card, next: null, deploy: null, enteredAt: new Date() },
                      ...c.cards.filter((x) => x.version !== input.version),
                    ]
                  : c.cards.filter((x) => x.version !== input.version),
            })),
          };
        });
        return { before };
      },
      onError: (error, input, context) => {
        if (context?.before) queryClient.setQueryData(boardKey, context.before);
        const reasons = error.data?.domain?.gates?.map((g) => g.reason) ?? [];
        notMoved(input.version, reasons.length ? reasons : [error.message]);
      },
      onSuccess: (result, input) => {
        const also = result.autoPromoted.length ? ` (then auto-promoted to ${result.autoPromoted.at(-1)?.to})` : "";
        toast.success(`${input.version}: ${result.transition.kind === "rollback" ? "rolled back" : "promoted"}${also}`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: boardKey }),
    }),
  );
}

/** The one way a refused move is told, whether the server or the card's own checklist refused it. */
export function notMoved(version: string, reasons: string[]) {
  toast.error(`${version} was not moved`, { description: reasons.join(" · ") });
}
