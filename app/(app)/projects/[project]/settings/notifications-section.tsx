"use client";

import { Table } from "@/app/_components/ui/table";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { SettingsSection } from "./settings-section";

/** E-mail on or off, where chat goes and, for admins, who receives what (README, "Notifications"). */
export function NotificationsSection({ project }: { project: string }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.settings.notifications.queryOptions({ project }));
  if (overview.isPending) return <Skeleton className="h-24" />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => overview.refetch()} />;
  const { emailConfigured, chat, people } = overview.data;
  return (
    <SettingsSection id="notifications" title="Notifications">
      <p className="mt-2 text-sm">
        {emailConfigured ? (
          <>
            E-mail is on: sign-off requests and reminders go to business owners, rejections and failed deploys to
            release managers.
          </>
        ) : (
          <>
            <strong>E-mail is off:</strong> set <code className="font-mono">SMTP_URL</code> and{" "}
            <code className="font-mono">MAIL_FROM</code> on the server to send it.
          </>
        )}
      </p>
      <p className="mt-1 text-sm">
        {chat.length
          ? `Chat: ${chat.length} webhook${chat.length === 1 ? "" : "s"} (${chat.join(", ")}).`
          : "Chat: none. Add webhook URLs under notifications.chat in the pipeline."}
      </p>
      {people && (
        <Table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Who receives what by e-mail</caption>
          <thead className="text-xs text-ink-600 dark:text-ink-400">
            <tr>
              <th className="py-1 font-medium">Person</th>
              <th className="py-1 font-medium">Role</th>
              <th className="py-1 font-medium">E-mail</th>
              <th className="py-1 font-medium">Receives</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.email} className="border-t border-ink-100 dark:border-ink-800">
                <td className="py-1">
                  {p.name} <span className="text-ink-500">{p.email}</span>
                </td>
                <td className="py-1">{p.roleLabel}</td>
                <td className="py-1">{p.receives.length === 0 ? "—" : p.emailOn ? "on" : "switched off"}</td>
                <td className="py-1">{p.receives.length ? p.receives.join(", ") : "nothing"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </SettingsSection>
  );
}
