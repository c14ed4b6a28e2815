import { HydrateClient, trpc, getQueryClient } from "@/app/_trpc/server";
import { ProjectList } from "./project-list";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await getQueryClient().prefetchQuery(trpc.board.overview.queryOptions());
  return (
    <HydrateClient>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">Projects</h1>
      <ProjectList />
    </HydrateClient>
  );
}
