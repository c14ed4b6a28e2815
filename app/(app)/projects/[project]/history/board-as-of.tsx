import Link from "next/link";
import { History, Lock, Snowflake, PauseCircle } from "lucide-react";
import type { BoardAt, BoardAtRelease } from "@/server/queries/history";
import { arrivedAs, moment } from "./format";

const statusLabel: Record<BoardAtRelease["status"], string> = {
  passed: "checks passed",
  failed: "checks failed",
  running: "checks running",
  none: "no checks yet",
};

const statusClass: Record<BoardAtRelease["status"], string> = {
  passed: "text-success-800 dark:text-success-300",
  failed: "text-danger-800 dark:text-danger-300",
  running: "text-warning-800 dark:text-warning-300",
  none: "text-ink-600 dark:text-ink-400",
};

/** The board as it stood at a moment (README: History): read-only, one region per environment as on the live board. */
export function BoardAsOf({ board }: { board: BoardAt }) {
  const project = board.project.slug;
  return (
    <div>
      <p
        role="status"
        className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-accent-300 bg-accent-50 p-3 text-sm text-accent-950 dark:border-accent-800 dark:bg-accent-950 dark:text-accent-100"
      >
        <History aria-hidden className="size-4" />
        <span>
          As of <strong>{moment(board.at)}</strong> — read-only
        </span>
        <Link href={`/projects/${project}`} className="font-medium underline">
          Back to now
        </Link>
      </p>
      <div className="flex gap-3 overflow-x-auto pb-4">
        {board.environments.map((environment) => (
          <section
            key={environment.slug}
            aria-labelledby={`as-of-${environment.slug}`}
            className="w-72 shrink-0 rounded-lg border border-ink-200 bg-ink-50 p-3 dark:border-ink-800 dark:bg-ink-900"
          >
            <header className="mb-3">
              <div className="flex items-baseline justify-between gap-2">
                <h2 id={`as-of-${environment.slug}`} className="font-semibold">
                  {environment.name}
                </h2>
                <Link
                  href={`/projects/${project}/environments/${environment.slug}/history`}
                  className="text-xs text-accent-700 hover:underline dark:text-accent-300"
                >
                  History
                </Link>
              </div>
              {environment.lock && (
                <p className="mt-1 flex items-center gap-1 text-xs text-warning-900 dark:text-warning-200">
                  <Lock aria-hidden className="size-3.5" />
                  Locked by {environment.lock.by}: <bdi>{environment.lock.reason}</bdi>
                </p>
              )}
              {environment.frozen && (
                <p className="mt-1 flex items-center gap-1 text-xs text-info-900 dark:text-info-200">
                  <Snowflake aria-hidden className="size-3.5" />
                  Frozen
                </p>
              )}
            </header>
            {environment.releases.length === 0 ? (
              <p className="text-sm text-ink-600 dark:text-ink-400">Nothing was here.</p>
            ) : (
              <ul className="space-y-2">
                {environment.releases.map((release) => (
                  <li key={release.version}>
                    <article
                      aria-label={release.version}
                      className="rounded-md border border-ink-200 bg-white p-3 text-sm shadow-sm dark:border-ink-700 dark:bg-ink-950"
                    >
                      <Link
                        href={`/projects/${project}/releases/${encodeURIComponent(release.version)}`}
                        className="break-all font-mono font-semibold text-accent-700 hover:underline dark:text-accent-300"
                      >
                        {release.version}
                      </Link>
                      <p className="mt-1 text-xs text-ink-600 dark:text-ink-400">
                        {arrivedAs[release.arrived.kind] ?? release.arrived.kind} by {release.arrived.by},{" "}
                        {moment(release.since)}
                      </p>
                      <p className={`mt-1 text-xs ${statusClass[release.status]}`}>
                        {statusLabel[release.status]}
                        {release.checks.length > 0 &&
                          `: ${release.checks.map((c) => `${c.name} ${c.status}`).join(", ")}`}
                      </p>
                      {release.deploy && <p className="mt-1 text-xs">Deploy {release.deploy}</p>}
                      {release.held && (
                        <p className="mt-1 flex items-center gap-1 text-xs text-warning-900 dark:text-warning-200">
                          <PauseCircle aria-hidden className="size-3.5" />
                          Held after rollback
                        </p>
                      )}
                    </article>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
