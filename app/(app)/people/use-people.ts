"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";

/** The People page's data and its one way of saving: a toast either way, then the list again. */
export function usePeople() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const people = useQuery(trpc.people.list.queryOptions());
  const after = (done: string) => ({
    onSuccess: () => {
      toast.success(done);
      return queryClient.invalidateQueries({ queryKey: trpc.people.list.queryKey() });
    },
    onError: (error: { message: string }) => toast.error("Not changed", { description: error.message }),
  });
  return {
    people,
    setRole: useMutation(trpc.people.setRole.mutationOptions(after("Role changed"))),
    disable: useMutation(trpc.people.disable.mutationOptions(after("Disabled; their sessions ended"))),
    enable: useMutation(trpc.people.enable.mutationOptions(after("Enabled"))),
    createTeam: useMutation(trpc.people.createTeam.mutationOptions(after("Team created"))),
    addMembers: useMutation(trpc.people.addMembers.mutationOptions(after("Added to the team"))),
    removeMembers: useMutation(trpc.people.removeMembers.mutationOptions(after("Removed from the team"))),
  };
}

export const card = "rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900";
export const smallButton =
  "rounded-md border border-ink-300 px-2 py-1 text-sm hover:bg-ink-100 disabled:opacity-60 dark:border-ink-700 dark:hover:bg-ink-800";
