import type { Metadata } from "next";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { requireUser } from "@/app/_auth/current-user";
import { roleLabels } from "@/server/domain/permissions";
import { NotificationPreferences } from "./notification-preferences";
import { PersonalTokens } from "./personal-tokens";
import { ChangePassword } from "./change-password";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  const user = await requireUser();
  await getQueryClient().prefetchQuery(trpc.account.notifications.queryOptions());
  await getQueryClient().prefetchQuery(trpc.account.personalTokens.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">{user.name}</h1>
      <p className="mb-4 text-sm text-ink-600 dark:text-ink-400">{roleLabels[user.role]}</p>
      <NotificationPreferences />
      <PersonalTokens />
      <ChangePassword />
    </HydrateClient>
  );
}
