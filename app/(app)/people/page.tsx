import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";
import { PeopleList } from "./people-list";
import { TeamsSection } from "./teams-section";
import { InviteSection } from "./invite-section";
import { PageHeader } from "@/app/_components/ui/page-shell";
import { PeopleTabs } from "./people-tabs";

export const metadata: Metadata = { title: "People" };
export const dynamic = "force-dynamic";

/** Admins manage people and teams here (README: Teams and protected environments). */
export default async function PeoplePage() {
  const user = await requireUser();
  // The server refuses every call of this page to anyone else too; this only spares them a broken page.
  if (!can(user.role, "user.manage")) notFound();
  await getQueryClient().prefetchQuery(trpc.people.list.queryOptions());
  return (
    <HydrateClient>
      <PageHeader title="People" />
      <PeopleTabs
        people={
          <div className="space-y-6">
            <InviteSection />
            <PeopleList selfId={user.id} />
          </div>
        }
        teams={<TeamsSection />}
      />
    </HydrateClient>
  );
}
