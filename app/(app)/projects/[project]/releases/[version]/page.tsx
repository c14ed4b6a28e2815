import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { ReleaseView } from "./release-view";
import { projectExists } from "@/server/queries/projects";
import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; version: string }> };

export async function generateMetadata({ params }: Params) {
  const { version } = await params;
  return { title: decodeURIComponent(version) };
}

export default async function ReleasePage({ params }: Params) {
  const { project, version: raw } = await params;
  const version = decodeURIComponent(raw);
  const user = await requireUser();
  if (!projectExists(runtime().db, project)) notFound();
  await getQueryClient().prefetchQuery(trpc.board.release.queryOptions({ project, version }));
  return (
    <HydrateClient>
      <ReleaseView project={project} version={version} canMove={can({ type: "user", id: user.id, name: user.name, role: user.role }, "release.move")} />
    </HydrateClient>
  );
}
