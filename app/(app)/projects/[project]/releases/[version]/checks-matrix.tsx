"use client";

import { StatusPill, type Status } from "@/app/_components/ui/status";
import { Table } from "@/app/_components/ui/table";
import type { ReleaseDetail } from "@/server/queries/release-detail";
import { RelativeTime } from "@/app/_components/relative-time";
import { DetailSection } from "./detail-section";

type Matrix = ReleaseDetail["checks"];
type Cell = Matrix[number]["cells"][number];

const statusOf: Record<string, Status> = {
  passed: "passed",
  failed: "failed",
  error: "failed",
  running: "running",
  cancelled: "neutral",
  skipped: "neutral",
};

/** "41 tests, 2 failed, 1 skipped" from JUnit-style counts, when CI sent them. */
function counts(latest: NonNullable<Cell["latest"]>): string | null {
  if (latest.tests === null) return null;
  const parts = [`${latest.tests} test${latest.tests === 1 ? "" : "s"}`];
  if (latest.failures) parts.push(`${latest.failures} failed`);
  if (latest.errors) parts.push(`${latest.errors} errors`);
  if (latest.skipped) parts.push(`${latest.skipped} skipped`);
  return parts.join(", ");
}

/**
 * What the gate into this environment reads: the check's result in the environment before it
 * ("passed in Development"), not a result here.
 */
function readInWords(readIn: NonNullable<Cell["readIn"]>): string {
  return readIn.status ? `${readIn.status} in ${readIn.environment}` : `no result in ${readIn.environment} yet`;
}

/** The cell's part in a gate: required to enter here (read before), or read here to enter the next. */
function GateNote({ cell }: { cell: Cell }) {
  const notes = [
    cell.readIn && `Required to enter: ${readInWords(cell.readIn)}`,
    cell.required && !cell.readIn && "Required here",
    cell.gateInto && `Gate into ${cell.gateInto}`,
  ].filter(Boolean);
  if (notes.length === 0) return null;
  return <p className="text-xs text-ink-600 dark:text-ink-400">{notes.join(" · ")}</p>;
}

function MatrixCell({ cell }: { cell: Cell }) {
  const { latest } = cell;
  if (!latest) {
    return (
      <div className="space-y-0.5">
        {!cell.readIn && (
          <span className="text-ink-600 dark:text-ink-400">
            {cell.gateInto ? "no result yet" : cell.required ? "no result" : "—"}
          </span>
        )}
        <GateNote cell={cell} />
      </div>
    );
  }
  const summary = counts(latest);
  return (
    <div className="space-y-0.5">
      <StatusPill status={statusOf[latest.status] ?? "neutral"} size="sm">
        {latest.status}
      </StatusPill>
      {summary && <p className="text-xs">{summary}</p>}
      <p className="text-xs text-ink-600 dark:text-ink-400">
        <RelativeTime date={latest.at} suffix />
        {cell.runs > 1 && ` · ${cell.runs} runs`}
        {latest.url && (
          <>
            {" "}
            ·{" "}
            <a
              href={latest.url}
              target="_blank"
              rel="noreferrer noopener"
              className="text-accent-700 underline dark:text-accent-300"
            >
              CI run
            </a>
          </>
        )}
      </p>
      <GateNote cell={cell} />
    </div>
  );
}

/** Every check × every environment: the latest result in each, its counts, the CI run and when. */
export function ChecksMatrix({ checks, pipeline }: { checks: Matrix; pipeline: ReleaseDetail["pipeline"] }) {
  if (checks.length === 0) return null;
  return (
    <DetailSection id="checks-heading" title="Checks">
      <p className="text-sm text-ink-600 dark:text-ink-400">
        A check required to enter an environment must pass in the one before it.
      </p>
      {/* Wide pipelines scroll inside the table's box, never the page. */}
      <div
        className="mt-2 max-w-full overflow-x-auto rounded-lg border border-ink-200 dark:border-ink-800"
        tabIndex={0}
        role="region"
        aria-label="Checks per environment"
      >
        <Table className="w-full min-w-max text-left text-sm">
          <thead className="bg-ink-50 dark:bg-ink-900">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Check
              </th>
              {pipeline.map((e) => (
                <th key={e.id} scope="col" className="px-3 py-2 font-medium">
                  {e.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {checks.map((row) => (
              <tr key={row.name} className="border-t border-ink-200 align-top dark:border-ink-800">
                <th scope="row" className="px-3 py-2 font-mono text-xs font-medium">
                  {row.name}
                </th>
                {row.cells.map((cell) => (
                  <td key={cell.environmentId} className="px-3 py-2">
                    <MatrixCell cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </DetailSection>
  );
}
