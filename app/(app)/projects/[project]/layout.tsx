import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";

type Params = { params: Promise<{ project: string }>; children: React.ReactNode };

/**
 * An unknown project is a 404 here, above every page's loading skeleton: a page's own notFound()
 * comes after the skeleton has been sent, too late for the status code.
 */
export default async function ProjectLayout({ params, children }: Params) {
  if (!(await projectExists(runtime().db, (await params).project))) notFound();
  return children;
}
