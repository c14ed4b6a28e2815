"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";

/** The one switch a person has: e-mail notifications off or on. */
export function NotificationPreferences() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.account.notifications.queryOptions());
  // What the person just clicked, until the server has answered: the box follows the click at
  // once (a mutation's pending state arrives a tick later, and a controlled box would snap back).
  const [clicked, setClicked] = useState<boolean | null>(null);
  const save = useMutation(
    trpc.account.setEmailNotifications.mutationOptions({
      onSuccess: ({ email }) => {
        toast.success(email ? "E-mail notifications on" : "E-mail notifications off");
        queryClient.setQueryData(trpc.account.notifications.queryKey(), (old) => (old ? { ...old, email } : old));
      },
      onError: (error) => toast.error("Not changed", { description: error.message }),
      onSettled: () => setClicked(null),
    }),
  );
  if (mine.isPending) return <Skeleton className="h-24" />;
  if (mine.isError) return <ErrorState error={mine.error} retry={() => mine.refetch()} />;
  if (!mine.data) return null;
  const { emailConfigured, receives } = mine.data;
  // An error puts it back.
  const email = clicked ?? mine.data.email;
  return (
    <section
      aria-labelledby="notifications"
      className="max-w-xl rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900"
    >
      <h2 id="notifications" className="text-lg font-semibold">
        Notifications
      </h2>
      <label className="mt-3 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={email}
          disabled={save.isPending}
          onChange={(e) => {
            setClicked(e.target.checked);
            save.mutate({ email: e.target.checked });
          }}
        />
        E-mail me
      </label>
      <p className="mt-2 text-sm text-ink-600 dark:text-ink-400">
        {receives.length ? `For your role: ${receives.join(", ")}.` : "Your role receives no e-mail."}
        {!emailConfigured && " E-mail is off on this server (no SMTP_URL), so nothing is sent for now."}
      </p>
    </section>
  );
}
