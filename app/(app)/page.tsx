import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";
import { HydrateClient, trpc, getQueryClient } from "@/app/_trpc/server";
import { ProjectList } from "./project-list";
import { ArchivedProjects, NewProject } from "./new-project";
import { PageHeader } from "@/app/_components/ui/page-shell";

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
      <PageHeader title="Projects" actions={manages ? <NewProject /> : undefined} />
      <ProjectList />
      <ArchivedProjects manages={manages} />
    </HydrateClient>
  );
}
