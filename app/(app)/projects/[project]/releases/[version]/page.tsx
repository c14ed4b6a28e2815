import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ReleaseView } from "./release-view";
import { releaseExists } from "@/server/queries/projects";
import { requireUser } from "@/app/_auth/current-user";
import { safeDecode } from "./release-address";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; version: string }> };

export async function generateMetadata({ params }: Params) {
  const { version } = await params;
  return { title: safeDecode(version) ?? "Not found" };
}

export default async function ReleasePage({ params }: Params) {
  const { project, version: raw } = await params;
  const version = safeDecode(raw);
  const user = await requireUser();
  if (version === null || !(await releaseExists(runtime().db, project, version))) notFound();
  await getQueryClient().prefetchQuery(trpc.board.release.queryOptions({ project, version }));
  return (
    <HydrateClient>
      <ReleaseView project={project} version={version} role={user.role} userId={user.id} />
    </HydrateClient>
  );
}
