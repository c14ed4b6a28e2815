import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { environmentExists } from "@/server/queries/projects";

type Params = { params: Promise<{ project: string; environment: string }>; children: React.ReactNode };

/** An unknown environment is a 404 here, before the history's loading skeleton is sent (see the project's layout). */
export default async function EnvironmentHistoryLayout({ params, children }: Params) {
  const { project, environment } = await params;
  if (!(await environmentExists(runtime().db, project, environment))) notFound();
  return children;
}
