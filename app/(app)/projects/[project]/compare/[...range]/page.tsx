import { Table } from "@/app/_components/ui/table";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";
import { compareReleaseVersions } from "@/server/queries/history";
import { renderNotes } from "@/server/render/markdown";
import { requireUser } from "@/app/_auth/current-user";
import { ReleaseNotes } from "@/app/_components/release-notes";
import { SubpageHeading } from "../../subpage-heading";
import { span } from "../../history/format";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string; range: string[] }> };

/** "2.11.0...2.12.0" from the path, versions may hold "/" (so the route takes every segment). */
function parseRange(range: string[]): [string, string] | null {
  const joined = range.map(decodeURIComponent).join("/");
  const at = joined.indexOf("...");
  if (at <= 0 || at + 3 >= joined.length) return null;
  return [joined.slice(0, at), joined.slice(at + 3)];
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const pair = parseRange((await params).range);
  return { title: pair ? `Compare ${pair[0]} with ${pair[1]}` : "Compare" };
}

/** Two releases compared (README: History): the changes, the checks side by side, time per environment, notes. */
export default async function ComparePage({ params }: Params) {
  const { project, range } = await params;
  await requireUser();
  const db = runtime().db;
  const pair = parseRange(range);
  if (!pair || !(await projectExists(db, project))) notFound();
  let compared;
  try {
    compared = await compareReleaseVersions(db, project, pair[0], pair[1]);
  } catch {
    notFound();
  }
  const { base, head } = compared;
  const releaseLink = (version: string) => (
    <Link
      href={`/projects/${project}/releases/${encodeURIComponent(version)}`}
      className="font-mono text-accent-700 hover:underline dark:text-accent-300"
    >
      {version}
    </Link>
  );
  const result = (r: (typeof compared.checks)[number]["base"]) =>
    r
      ? `${r.status}${r.tests !== null ? ` · ${r.tests} tests` : ""}${r.failures ? `, ${r.failures} failing` : ""}`
      : "—";
  return (
    <>
      <SubpageHeading
        project={project}
        title={`Compare ${base.version} → ${head.version}`}
        description={
          <>
            What {releaseLink(head.version)} brings over {releaseLink(base.version)}
            {compared.swapped && " (the older release is shown first)"}.
          </>
        }
      />
      <div className="grid gap-8 xl:grid-cols-2">
        <section aria-labelledby="changes">
          <h2 id="changes" className="mb-2 text-lg font-semibold">
            Changes ({compared.changes.length})
          </h2>
          {compared.changes.length === 0 ? (
            <p className="text-sm text-ink-600 dark:text-ink-400">No release in between listed changes.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {compared.changes.map((change) => (
                <li key={change.id} className="flex flex-wrap gap-x-2">
                  {change.url ? (
                    <a href={change.url} className="font-mono text-accent-700 hover:underline dark:text-accent-300">
                      {change.id}
                    </a>
                  ) : (
                    <span className="font-mono">{change.id}</span>
                  )}
                  <bdi>{change.title}</bdi>
                  {change.author && <span className="text-ink-600 dark:text-ink-400">— {change.author}</span>}
                  <span className="text-xs text-ink-500">in {change.version}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="checks">
          <h2 id="checks" className="mb-2 text-lg font-semibold">
            Checks
          </h2>
          {compared.checks.length === 0 ? (
            <p className="text-sm text-ink-600 dark:text-ink-400">Neither release has check results.</p>
          ) : (
            <div className="overflow-x-auto">
              <Table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b border-ink-200 dark:border-ink-800">
                    <th scope="col" className="py-1 pr-3 font-medium">
                      Check
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {base.version}
                    </th>
                    <th scope="col" className="py-1 font-medium">
                      {head.version}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {compared.checks.map((check) => (
                    <tr
                      key={`${check.environment}:${check.check}`}
                      className={
                        check.newFailure
                          ? "bg-danger-50 text-danger-950 dark:bg-danger-950 dark:text-danger-100"
                          : "border-b border-ink-100 dark:border-ink-900"
                      }
                    >
                      <th scope="row" className="py-1 pr-3 font-normal">
                        <bdi>{check.check}</bdi> <span className="text-xs text-ink-500">in {check.environment}</span>
                      </th>
                      <td className="py-1 pr-3 tabular-nums">{result(check.base)}</td>
                      <td className="py-1 tabular-nums">
                        {result(check.head)}
                        {check.newFailure && <strong className="ml-2">New failure</strong>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </section>
        <section aria-labelledby="time-in">
          <h2 id="time-in" className="mb-2 text-lg font-semibold">
            Time in each environment
          </h2>
          <Table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b border-ink-200 dark:border-ink-800">
                <th scope="col" className="py-1 pr-3 font-medium">
                  Environment
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {base.version}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {head.version}
                </th>
              </tr>
            </thead>
            <tbody>
              {compared.timeIn.map((row) => (
                <tr key={row.environment} className="border-b border-ink-100 dark:border-ink-900">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {row.environment}
                  </th>
                  <td className="py-1 pr-3 tabular-nums">{row.base === null ? "—" : span(row.base)}</td>
                  <td className="py-1 tabular-nums">{row.head === null ? "—" : span(row.head)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section aria-labelledby="notes">
          <h2 id="notes" className="mb-2 text-lg font-semibold">
            Release notes in between
          </h2>
          {compared.notes.length === 0 ? (
            <p className="text-sm text-ink-600 dark:text-ink-400">No notes.</p>
          ) : (
            compared.notes.map((entry) => (
              <article key={entry.version} aria-label={`Notes of ${entry.version}`} className="mb-4">
                <h3 className="font-mono text-sm font-semibold">{entry.version}</h3>
                <ReleaseNotes html={renderNotes(entry.notes) ?? ""} className="text-sm" />
              </article>
            ))
          )}
        </section>
      </div>
    </>
  );
}
