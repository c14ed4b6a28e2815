import type { Metadata } from "next";
import { Suspense } from "react";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { runtime } from "@/server/runtime";
import { auditVerifiedUpTo } from "@/server/queries/activity";
import { ActivityLog } from "./activity-log";
import { PageHeader } from "@/app/_components/ui/page-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage() {
  await getQueryClient().prefetchQuery(trpc.activity.filters.queryOptions());
  const verified = await auditVerifiedUpTo(runtime().db);
  return (
    <HydrateClient>
      <PageHeader
        title="Activity"
        description={
          verified
            ? `History verified up to #${verified.seq} at ${verified.at.toISOString().replace("T", " ").slice(0, 16)} UTC (signed checkpoint)`
            : "No signed checkpoint of the history yet"
        }
      />
      <Suspense>
        <ActivityLog />
      </Suspense>
    </HydrateClient>
  );
}
