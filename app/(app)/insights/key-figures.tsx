import type { Insights, Level } from "@/server/domain/insights";
import { duration, levelClass, levelLabel, percent, perWeek } from "./format";

function LevelBadge({ level }: { level: Level | null }) {
  if (!level) return <span className="text-xs text-ink-500">no level yet</span>;
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${levelClass[level]}`}>{levelLabel[level]}</span>;
}

/** The four keys as figures with their DORA level. */
export function KeyFigures({ insights }: { insights: Insights }) {
  const keys = [
    {
      name: "Deployment frequency",
      value: `${perWeek(insights.deploymentFrequency.perDay)} / week`,
      detail: `${insights.deploymentFrequency.total} deployments to production`,
      level: insights.deploymentFrequency.level,
    },
    {
      name: "Lead time for changes",
      value: duration(insights.leadTime.median),
      detail: `median; p90 ${duration(insights.leadTime.p90)}, over ${insights.leadTime.releases} releases${
        insights.leadTime.withoutCommitTime
          ? ` (${insights.leadTime.withoutCommitTime} without a commit time: from creation)`
          : ""
      }`,
      level: insights.leadTime.level,
    },
    {
      name: "Change failure rate",
      value: percent(insights.changeFailureRate.value),
      detail: `${insights.changeFailureRate.failed} of ${insights.changeFailureRate.deployments} failed or rolled back`,
      level: insights.changeFailureRate.level,
    },
    {
      name: "Failed deployment recovery time",
      value: duration(insights.recoveryTime.median),
      detail: `median, over ${insights.recoveryTime.failures} failures`,
      level: insights.recoveryTime.level,
    },
  ];
  return (
    <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      {keys.map((key) => (
        <div key={key.name} className="rounded-lg border border-ink-200 p-4 dark:border-ink-800">
          <dt className="flex items-center justify-between gap-2 text-sm text-ink-600 dark:text-ink-400">
            {key.name} <LevelBadge level={key.level} />
          </dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{key.value}</dd>
          <dd className="mt-1 text-xs text-ink-600 dark:text-ink-400">{key.detail}</dd>
        </div>
      ))}
    </dl>
  );
}

export { LevelBadge };
