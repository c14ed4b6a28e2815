import type { ReleaseDetail } from "@/server/queries/release-detail";

type Result = ReleaseDetail["results"][number];

/** The failing test cases of one JUnit run, as the report named them. */
export function FailingCases({ cases }: { cases: Result["failingCases"] }) {
  return (
    <ul className="mt-1 space-y-1 text-xs">
      {cases.map((c) => (
        <li key={c.id} className="rounded bg-danger-50 p-2 break-words dark:bg-danger-950">
          <span className="font-mono">
            {c.className ? `${c.className} › ` : ""}
            {c.name}
          </span>
          {c.message && <p className="text-danger-800 dark:text-danger-200">{c.message}</p>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Splits results with failing cases into those of each check's latest run per environment (what
 * fails now) and those of runs a later one replaced (history, shown under their timeline entry).
 * `results` are newest first.
 */
export function splitFailures(results: Result[]): { current: Result[]; earlier: Set<number> } {
  const seen = new Set<string>();
  const current: Result[] = [];
  const earlier = new Set<number>();
  for (const r of results) {
    const key = `${r.environmentId}:${r.checkName}`;
    const latest = !seen.has(key);
    seen.add(key);
    if (r.failingCases.length === 0) continue;
    if (latest) current.push(r);
    else earlier.add(r.id);
  }
  return { current, earlier };
}
