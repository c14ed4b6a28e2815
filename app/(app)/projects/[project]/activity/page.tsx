import type { Metadata } from "next";
import { SubpageHeading } from "../subpage-heading";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { projectExists } from "@/server/queries/projects";
import { runtime } from "@/server/runtime";
import { ActivityLog } from "../../../activity/activity-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Activity" };

type Params = { params: Promise<{ project: string }> };

export default async function ProjectActivityPage({ params }: Params) {
  const { project } = await params;
  if (!(await projectExists(runtime().db, project))) notFound();
  await getQueryClient().prefetchQuery(trpc.activity.filters.queryOptions());
  return (
    <HydrateClient>
      <SubpageHeading project={project} title="Activity" />
      <Suspense>
        <ActivityLog project={project} />
      </Suspense>
    </HydrateClient>
  );
}
