import { Table } from "@/app/_components/ui/table";
import type { Insights } from "@/server/domain/insights";
import { BarChart, ChartTable, LineChart, tone, type Series } from "./charts";
import { duration, percent } from "./format";
import { KeyFigures } from "./key-figures";

function Chart({
  title,
  kind,
  weeks,
  series,
  format,
}: {
  title: string;
  kind: "bar" | "line";
  weeks: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  const Draw = kind === "bar" ? BarChart : LineChart;
  const id = title.toLowerCase().replace(/[^a-z]+/g, "-");
  return (
    <section aria-labelledby={id} className="rounded-lg border border-ink-200 p-4 dark:border-ink-800">
      <h2 id={id} className="mb-2 font-semibold">
        {title}
      </h2>
      {series.length > 1 && (
        <ul className="mb-1 flex flex-wrap gap-3 text-xs" aria-hidden>
          {series.map((s) => (
            <li key={s.name} className="flex items-center gap-1">
              <svg viewBox="0 0 10 10" className="size-2.5">
                <rect width="10" height="10" className={s.tone} />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <Draw label={`${title}, per week`} weeks={weeks} series={series} format={format} />
      <ChartTable caption={`${title}, per week`} weeks={weeks} series={series} format={format} />
    </section>
  );
}

const count = (n: number) => String(Math.round(n * 10) / 10);

/** A project's four keys, then a chart per week of each, and the flow through its environments. */
/** What held a go-live up, per gate (README: Insights, "Where releases wait"). */
const gateLabels = {
  checks: "Held by failing checks",
  soak: "Soaking (minimum soak)",
  freeze: "Held by a freeze",
  lock: "Held by a lock",
} as const;

export function ProjectInsightsView({
  insights,
  environments,
}: {
  insights: Insights;
  environments: { slug: string; name: string }[];
}) {
  const weeks = insights.weekly.map((w) => w.weekStart);
  const nameOf = (slug: string) => environments.find((e) => e.slug === slug)?.name ?? slug;
  return (
    <>
      <KeyFigures insights={insights} />
      <div className="mt-6 grid gap-4 xl:grid-cols-2">
        <Chart
          title="Deployments"
          kind="bar"
          weeks={weeks}
          series={[{ name: "Deployments", values: insights.weekly.map((w) => w.deployments), tone: tone(0) }]}
          format={count}
        />
        <Chart
          title="Lead time"
          kind="line"
          weeks={weeks}
          series={[
            { name: "Median", values: insights.weekly.map((w) => w.leadTime.median), tone: tone(0) },
            { name: "p90", values: insights.weekly.map((w) => w.leadTime.p90), tone: tone(1) },
          ]}
          format={duration}
        />
        <Chart
          title="Change failure rate"
          kind="bar"
          weeks={weeks}
          series={[{ name: "Failure rate", values: insights.weekly.map((w) => w.changeFailureRate), tone: tone(3) }]}
          format={percent}
        />
        <Chart
          title="Recovery time"
          kind="bar"
          weeks={weeks}
          series={[{ name: "Median recovery", values: insights.weekly.map((w) => w.recoveryTime), tone: tone(4) }]}
          format={duration}
        />
        <Chart
          title="Time in each environment"
          kind="bar"
          weeks={weeks}
          series={insights.flow.environments.map((e, i) => ({
            name: nameOf(e.slug),
            values: insights.weekly.map((w) => w.timeIn[e.slug] ?? null),
            tone: tone(i),
          }))}
          format={duration}
        />
        <Chart
          title="Sign-off wait"
          kind="bar"
          weeks={weeks}
          series={[{ name: "Median wait", values: insights.weekly.map((w) => w.signoffWait), tone: tone(2) }]}
          format={duration}
        />
      </div>
      <section aria-labelledby="flow" className="mt-6">
        <h2 id="flow" className="mb-2 font-semibold">
          Where releases wait
        </h2>
        <Table className="w-full max-w-2xl text-left text-sm tabular-nums">
          <thead>
            <tr className="border-b border-ink-200 dark:border-ink-800">
              <th scope="col" className="py-1 pr-3 font-medium">
                Stage
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Median
              </th>
              <th scope="col" className="py-1 font-medium">
                p90
              </th>
            </tr>
          </thead>
          <tbody>
            {insights.flow.environments.map((e) => (
              <tr key={e.slug} className="border-b border-ink-100 dark:border-ink-900">
                <th scope="row" className="py-1 pr-3 font-normal">
                  In {nameOf(e.slug)}
                </th>
                <td className="py-1 pr-3">{duration(e.median)}</td>
                <td className="py-1">{duration(e.p90)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" className="py-1 pr-3 font-normal">
                Waiting for sign-off ({insights.flow.signoffWait.count})
              </th>
              <td className="py-1 pr-3">{duration(insights.flow.signoffWait.median)}</td>
              <td className="py-1">{duration(insights.flow.signoffWait.p90)}</td>
            </tr>
            {insights.flow.gates.map((g) => (
              <tr key={g.gate} className="border-t border-ink-100 dark:border-ink-900">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {gateLabels[g.gate]} ({g.count} of {g.of} go-lives)
                </th>
                <td className="py-1 pr-3">{duration(g.median)}</td>
                <td className="py-1">{duration(g.p90)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </>
  );
}
