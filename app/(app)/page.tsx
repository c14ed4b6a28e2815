import { requireUser } from "@/app/_auth/current-user";
import { HydrateClient, trpc, getQueryClient } from "@/app/_trpc/server";
import { ProjectList } from "./project-list";
import { ArchivedProjects, NewProject } from "./new-project";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser();
  const manages = user.role === "admin" || user.role === "release_manager";
  const queries = getQueryClient();
  await Promise.all([queries.prefetchQuery(trpc.board.overview.queryOptions()), queries.prefetchQuery(trpc.projects.archived.queryOptions())]);
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
