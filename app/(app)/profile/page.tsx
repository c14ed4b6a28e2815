import type { Metadata } from "next";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { requireUser } from "@/app/_auth/current-user";
import { roleLabels } from "@/server/domain/permissions";
import { NotificationPreferences } from "./notification-preferences";
import { PersonalTokens } from "./personal-tokens";
import { ChangePassword } from "./change-password";
import { PageHeader } from "@/app/_components/ui/page-shell";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  const user = await requireUser();
  await getQueryClient().prefetchQuery(trpc.account.notifications.queryOptions());
  await getQueryClient().prefetchQuery(trpc.account.personalTokens.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title={user.name} description={roleLabels[user.role]} />
      <NotificationPreferences />
      <PersonalTokens />
      <ChangePassword />
    </HydrateClient>
  );
}
