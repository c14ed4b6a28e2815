import type { Metadata } from "next";
import { SubpageHeading } from "../subpage-heading";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { projectExists } from "@/server/queries/projects";
import { runtime } from "@/server/runtime";
import { Settings } from "./settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

type Params = { params: Promise<{ project: string }> };

export default async function SettingsPage({ params }: Params) {
  const { project } = await params;
  const user = await requireUser();
  if (!(await projectExists(runtime().db, project))) notFound();
  const manages = can(user.role, "pipeline.edit");
  const queries = getQueryClient();
  await Promise.all([
    queries.prefetchQuery(trpc.settings.pipelineFile.queryOptions({ project })),
    ...(manages
      ? [
          queries.prefetchQuery(trpc.settings.tokens.queryOptions({ project })),
          queries.prefetchQuery(trpc.board.board.queryOptions({ project })),
        ]
      : []),
  ]);
  return (
    <HydrateClient>
      <SubpageHeading project={project} title="Settings" />
      <Settings project={project} manages={manages} />
    </HydrateClient>
  );
}
