import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { Board } from "./board";
import { requireUser } from "@/app/_auth/current-user";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).project };
}

export default async function BoardPage({ params }: Params) {
  const { project } = await params;
  const user = await requireUser();
  if (!projectExists(runtime().db, project)) notFound();
  await getQueryClient().prefetchQuery(trpc.board.board.queryOptions({ project }));
  return (
    <HydrateClient>
      <Board project={project} role={user.role} />
    </HydrateClient>
  );
}
