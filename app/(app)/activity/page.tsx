import type { Metadata } from "next";
import { Suspense } from "react";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ActivityLog } from "./activity-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

export default async function ActivityPage() {
  await getQueryClient().prefetchQuery(trpc.activity.filters.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Activity</h1>
      <Suspense>
        <ActivityLog />
      </Suspense>
    </HydrateClient>
  );
}
