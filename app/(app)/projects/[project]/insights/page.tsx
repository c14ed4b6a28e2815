import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";
import { getProjectInsights, insightsRange } from "@/server/queries/insights";
import { requireUser } from "@/app/_auth/current-user";
import { SubpageHeading } from "../subpage-heading";
import { RangeControl, type RangeQuery } from "../../../insights/range-control";
import { ProjectInsightsView } from "../../../insights/project-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

type Params = { params: Promise<{ project: string }>; searchParams: Promise<RangeQuery> };

/** One project's DORA keys, weekly charts and where its releases wait (README: Insights). */
export default async function ProjectInsightsPage({ params, searchParams }: Params) {
  const { project } = await params;
  const query = await searchParams;
  await requireUser();
  const db = runtime().db;
  if (!(await projectExists(db, project))) notFound();
  let range;
  let problem: string | null = null;
  try {
    range = insightsRange(query, new Date());
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
    range = insightsRange({}, new Date());
  }
  const { insights, environments } = await getProjectInsights(db, project, range);
  return (
    <>
      <SubpageHeading project={project} title="Insights" />
      <RangeControl path={`/projects/${project}/insights`} query={query} />
      {problem && (
        <p role="alert" className="mb-4 text-sm text-danger-800 dark:text-danger-300">
          {problem}; showing the last 30 days.
        </p>
      )}
      <ProjectInsightsView insights={insights} environments={environments} />
    </>
  );
}
