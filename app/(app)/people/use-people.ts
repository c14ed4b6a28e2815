"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { buttonVariants } from "@/app/_components/ui/button";
import { cardClass } from "@/app/_components/ui/card";
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
    invite: useMutation(trpc.people.invite.mutationOptions(after("Invitation made"))),
    resetPassword: useMutation(
      trpc.people.resetPassword.mutationOptions(after("Password reset; their sessions ended")),
    ),
    createTeam: useMutation(trpc.people.createTeam.mutationOptions(after("Team created"))),
    addMembers: useMutation(trpc.people.addMembers.mutationOptions(after("Added to the team"))),
    removeMembers: useMutation(trpc.people.removeMembers.mutationOptions(after("Removed from the team"))),
  };
}

export const card = `${cardClass} p-4`;
export const smallButton = buttonVariants({ variant: "secondary" });
