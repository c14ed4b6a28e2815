import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";
import { HydrateClient, trpc, getQueryClient } from "@/app/_trpc/server";
import { ProjectList } from "./project-list";
import { ArchivedProjects, NewProject } from "./new-project";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  const manages = can(user.role, "pipeline.edit");
  const queries = getQueryClient();
  await Promise.all([
    queries.prefetchQuery(trpc.board.overview.queryOptions()),
    queries.prefetchQuery(trpc.projects.archived.queryOptions()),
  ]);
  return (
    <HydrateClient>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
        {manages && <NewProject />}
      </div>
      <ProjectList />
      <ArchivedProjects manages={manages} />
    </HydrateClient>
  );
}
