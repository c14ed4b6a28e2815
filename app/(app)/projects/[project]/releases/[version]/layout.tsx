import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { releaseExists } from "@/server/queries/projects";
import { safeDecode } from "./release-address";

type Params = { params: Promise<{ project: string; version: string }>; children: React.ReactNode };

/** An unknown release is a 404 here, before the release page's loading skeleton is sent (see the project's layout). */
export default async function ReleaseLayout({ params, children }: Params) {
  const { project, version: raw } = await params;
  const version = safeDecode(raw);
  if (version === null || !(await releaseExists(runtime().db, project, version))) notFound();
  return children;
}
