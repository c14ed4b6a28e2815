import { Table } from "@/app/_components/ui/table";
import type { Metadata } from "next";
import Link from "next/link";
import { runtime } from "@/server/runtime";
import { getOrganisationInsights, insightsRange } from "@/server/queries/insights";
import type { Insights } from "@/server/domain/insights";
import { requireUser } from "@/app/_auth/current-user";
import { RangeControl, type RangeQuery } from "./range-control";
import { LevelBadge } from "./key-figures";
import { duration, percent, perWeek } from "./format";
import { PageHeader } from "@/app/_components/ui/page-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

type Query = RangeQuery & { sort?: string; dir?: string };

const columns: { key: string; label: string; value: (i: Insights) => number | null; show: (i: Insights) => string }[] =
  [
    {
      key: "frequency",
      label: "Deployments / week",
      value: (i) => i.deploymentFrequency.perDay,
      show: (i) => perWeek(i.deploymentFrequency.perDay),
    },
    {
      key: "lead",
      label: "Lead time (median)",
      value: (i) => i.leadTime.median,
      show: (i) => duration(i.leadTime.median),
    },
    {
      key: "failure",
      label: "Change failure rate",
      value: (i) => i.changeFailureRate.value,
      show: (i) => percent(i.changeFailureRate.value),
    },
    {
      key: "recovery",
      label: "Recovery time (median)",
      value: (i) => i.recoveryTime.median,
      show: (i) => duration(i.recoveryTime.median),
    },
  ];

const levelOf = (key: string, i: Insights) =>
  ({
    frequency: i.deploymentFrequency.level,
    lead: i.leadTime.level,
    failure: i.changeFailureRate.level,
    recovery: i.recoveryTime.level,
  })[key] ?? null;

/** Every project's four keys in one sortable table (README: Insights). */
export default async function InsightsPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  await requireUser();
  let range;
  let problem: string | null = null;
  try {
    range = insightsRange(query, new Date());
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
    range = insightsRange({}, new Date());
  }
  const rows = await getOrganisationInsights(runtime().db, range);
  const sort = columns.find((c) => c.key === query.sort);
  const dir = query.dir === "asc" ? 1 : -1;
  if (sort)
    rows.sort((a, b) => {
      const x = sort.value(a.insights);
      const y = sort.value(b.insights);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x - y) * dir;
    });
  const rangeQuery = query.from
    ? `from=${encodeURIComponent(query.from)}${query.to ? `&to=${encodeURIComponent(query.to)}` : ""}`
    : `days=${encodeURIComponent(query.days ?? "30")}`;
  return (
    <>
      <PageHeader
        title="Insights"
        description={
          <>
            DORA&apos;s four keys for each project&apos;s last environment, {range.from.toISOString().slice(0, 10)} to{" "}
            {range.to.toISOString().slice(0, 10)}. Open a project for its weekly charts and where its releases wait.
          </>
        }
      />
      <RangeControl path="/insights" query={query} />
      {problem && (
        <p role="alert" className="mb-4 text-sm text-danger-800 dark:text-danger-300">
          {problem}; showing the last 30 days.
        </p>
      )}
      {rows.length === 0 ? (
        <p className="text-ink-600 dark:text-ink-400">No projects yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table className="w-full min-w-[40rem] text-left text-sm tabular-nums">
            <caption className="sr-only">Each project&apos;s four keys</caption>
            <thead>
              <tr className="border-b border-ink-200 dark:border-ink-800">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Project
                </th>
                {columns.map((c) => {
                  const active = sort?.key === c.key;
                  const next = active && dir === -1 ? "asc" : "desc";
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      aria-sort={active ? (dir === 1 ? "ascending" : "descending") : "none"}
                      className="py-2 pr-3 font-medium"
                    >
                      <Link href={`/insights?${rangeQuery}&sort=${c.key}&dir=${next}`} className="hover:underline">
                        {c.label}
                        {active ? (dir === 1 ? " ↑" : " ↓") : ""}
                      </Link>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ project, insights }) => (
                <tr key={project.slug} className="border-b border-ink-100 dark:border-ink-900">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    <Link
                      href={`/projects/${project.slug}/insights?${rangeQuery}`}
                      className="text-accent-700 hover:underline dark:text-accent-300"
                    >
                      {project.name}
                    </Link>
                  </th>
                  {columns.map((c) => (
                    <td key={c.key} className="py-2 pr-3">
                      <span className="mr-2">{c.show(insights)}</span>
                      <LevelBadge level={levelOf(c.key, insights)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      <p className="mt-4 text-sm">
        <a href={`/api/insights/export?${rangeQuery}`} className="text-accent-700 hover:underline dark:text-accent-300">
          Download CSV
        </a>
      </p>
    </>
  );
}
