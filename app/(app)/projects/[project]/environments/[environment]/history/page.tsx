import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";
import { getEnvironmentHistory } from "@/server/queries/history";
import { requireUser } from "@/app/_auth/current-user";
import { SubpageHeading } from "../../../subpage-heading";
import { arrivedAs, moment, span } from "../../../history/format";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; environment: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `History of ${(await params).environment}` };
}

/** What was in one environment when (README: History), newest first. */
export default async function EnvironmentHistoryPage({ params }: Params) {
  const { project, environment } = await params;
  await requireUser();
  const db = runtime().db;
  if (!(await projectExists(db, project))) notFound();
  let history;
  try {
    history = await getEnvironmentHistory(db, project, environment);
  } catch {
    notFound();
  }
  const now = history.generatedAt.getTime();
  return (
    <>
      <SubpageHeading
        project={project}
        title={`History of ${history.environment.name}`}
        description={
          <>
            Each release that was {history.environment.last ? "live" : "in"} {history.environment.name}, newest first:
            from when to when, how it arrived and how it left.
          </>
        }
      />
      {history.stays.length === 0 ? (
        <p className="text-ink-600 dark:text-ink-400">No release has been here yet.</p>
      ) : (
        <ol aria-label={`Releases in ${history.environment.name}`} className="space-y-2">
          {history.stays.map((stay, i) => (
            <li
              key={i}
              aria-label={stay.version}
              className="grid gap-x-6 gap-y-1 rounded-md border border-ink-200 p-3 text-sm sm:grid-cols-[minmax(8rem,14rem)_1fr_1fr] dark:border-ink-800"
            >
              <div>
                <Link
                  href={`/projects/${project}/releases/${encodeURIComponent(stay.version)}`}
                  className="break-all font-mono font-semibold text-accent-700 hover:underline dark:text-accent-300"
                >
                  {stay.version}
                </Link>
                <p className="tabular-nums text-ink-600 dark:text-ink-400">
                  {stay.until
                    ? span(stay.until.getTime() - stay.from.getTime())
                    : `${span(now - stay.from.getTime())} so far`}
                </p>
              </div>
              <p>
                <span className="text-ink-600 dark:text-ink-400">From </span>
                <time dateTime={stay.from.toISOString()}>{moment(stay.from)}</time>:{" "}
                {arrivedAs[stay.arrived.kind] ?? stay.arrived.kind} by {stay.arrived.by}
                {stay.arrived.reason && (
                  <>
                    {" "}
                    — <bdi>{stay.arrived.reason}</bdi>
                  </>
                )}
                {stay.deploy && <span className="block">Deploy {stay.deploy.status}</span>}
              </p>
              <p>
                {stay.left && stay.until ? (
                  <>
                    <span className="text-ink-600 dark:text-ink-400">Until </span>
                    <time dateTime={stay.until.toISOString()}>{moment(stay.until)}</time>:{" "}
                    {arrivedAs[stay.left.kind] ?? stay.left.kind}
                    {stay.left.to && ` to ${stay.left.to}`} by {stay.left.by}
                    {stay.left.reason && (
                      <>
                        {" "}
                        — <bdi>{stay.left.reason}</bdi>
                      </>
                    )}
                  </>
                ) : (
                  <span className="font-medium">Still here</span>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
