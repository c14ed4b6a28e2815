import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/app/_auth/current-user";
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
  if (!projectExists(runtime().db, project)) notFound();
  const manages = user.role === "admin" || user.role === "release_manager";
  const queries = getQueryClient();
  await Promise.all([
    queries.prefetchQuery(trpc.settings.pipelineFile.queryOptions({ project })),
    ...(manages ? [queries.prefetchQuery(trpc.settings.tokens.queryOptions({ project }))] : []),
  ]);
  return (
    <HydrateClient>
      <p className="text-sm">
        <Link href={`/projects/${project}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
          ← Board
        </Link>
      </p>
      <h1 className="mb-6 mt-1 text-2xl font-semibold tracking-tight">Settings</h1>
      <Settings project={project} manages={manages} />
    </HydrateClient>
  );
}
