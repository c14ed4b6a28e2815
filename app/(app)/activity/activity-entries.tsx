import { Table } from "@/app/_components/ui/table";
import Link from "next/link";
import type { ActivityEntry } from "@/server/queries/activity";
import { kindLabels } from "./kind-labels";

const link = "text-accent-700 hover:underline dark:text-accent-300";

function When({ date }: { date: Date }) {
  return (
    <time dateTime={date.toISOString()} suppressHydrationWarning>
      {date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}

function Who({ entry }: { entry: ActivityEntry }) {
  return (
    <>
      {entry.actorName}
      {entry.actorType === "token" && <span className="text-ink-500"> (CI)</span>}
    </>
  );
}

/** In the phone's running text a link is underlined, not told apart by colour alone. */
function ProjectLink({ entry, inText = false }: { entry: ActivityEntry; inText?: boolean }) {
  return entry.project ? (
    <Link className={inText ? `${link} underline` : link} href={`/projects/${entry.project.slug}`}>
      {entry.project.name}
    </Link>
  ) : (
    "—"
  );
}

function Details({ entry }: { entry: ActivityEntry }) {
  return (
    <>
      {entry.summary}
      {entry.release && entry.project && (
        <>
          {" "}
          <Link
            className="text-accent-700 underline dark:text-accent-300"
            href={`/projects/${entry.project.slug}/releases/${encodeURIComponent(entry.release)}`}
          >
            Open {entry.release}
          </Link>
        </>
      )}
    </>
  );
}

/**
 * The entries of the audit log: a table from `sm` up; on a phone, where five columns left the
 * project one letter wide, a list with each entry stacked (what and who, when, then the details),
 * as the overview stacks its environments.
 */
export function ActivityEntries({ entries, showProject }: { entries: ActivityEntry[]; showProject: boolean }) {
  return (
    <>
      <ol
        aria-label="Activity, newest first"
        className="grid divide-y divide-ink-200 rounded-xl border border-ink-200 bg-white text-sm sm:hidden dark:divide-ink-800 dark:border-ink-800 dark:bg-ink-900"
      >
        {entries.map((e) => (
          <li key={e.id} className="grid min-w-0 gap-0.5 px-3 py-2 break-words">
            <p className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-medium">{kindLabels[e.kind]}</span>
              <span className="text-xs text-ink-600 dark:text-ink-400">
                <When date={e.createdAt} />
              </span>
            </p>
            <p className="text-xs text-ink-600 dark:text-ink-400">
              {showProject && e.project && (
                <>
                  <ProjectLink entry={e} inText />
                  {" · "}
                </>
              )}
              <Who entry={e} />
            </p>
            <p>
              <Details entry={e} />
            </p>
          </li>
        ))}
      </ol>
      <div className="hidden overflow-x-auto rounded-xl border border-ink-200 bg-white sm:block dark:border-ink-800 dark:bg-ink-900">
        <Table className="w-full text-left text-sm">
          <caption className="sr-only">Activity, newest first</caption>
          <thead className="text-xs text-ink-600 dark:text-ink-400">
            <tr>
              {["When", ...(showProject ? ["Project"] : []), "What", "Who", "Details"].map((heading) => (
                <th key={heading} scope="col" className="px-3 py-2">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} className="border-t border-ink-200 align-top dark:border-ink-800">
                <td className="whitespace-nowrap px-3 py-2">
                  <When date={e.createdAt} />
                </td>
                {showProject && (
                  <td className="px-3 py-2">
                    <ProjectLink entry={e} />
                  </td>
                )}
                <td className="whitespace-nowrap px-3 py-2">{kindLabels[e.kind]}</td>
                <td className="px-3 py-2">
                  <Who entry={e} />
                </td>
                <td className="px-3 py-2 break-words">
                  <Details entry={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  );
}
