/**
 * What a test report (JUnit, TRX, Cucumber JSON) comes down to: counts, the failing cases
 * and a status, the same whichever runner wrote it (README: Test reports).
 */

/** Failing cases kept per result: enough to act on, bounded for a suite that fails wholesale. */
export const maxFailingCases = 200;

export type FailingCase = {
  name: string;
  className?: string;
  kind: "failure" | "error";
  message?: string;
  details?: string;
};

export type ReportSummary = {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number | null;
  failingCases: FailingCase[];
  status: "passed" | "failed";
  summary: string;
};

/** How many characters of a failure's details (its stack, its output) are kept. */
export const detailChars = 2000;

/** A failing case within the stored limits. */
export function failingCase(c: {
  name: string;
  className?: string;
  kind: "failure" | "error";
  message?: string;
  details?: string;
}): FailingCase {
  const details = c.details?.slice(0, detailChars).trim();
  return {
    name: c.name.slice(0, 1000) || "(unnamed)",
    ...(c.className ? { className: c.className.slice(0, 1000) } : {}),
    kind: c.kind,
    ...(c.message ? { message: c.message.slice(0, 4000) } : {}),
    ...(details ? { details } : {}),
  };
}

/** The status and the one-line summary of a report's counts: failed when anything failed, or nothing ran. */
export function withVerdict(counts: Omit<ReportSummary, "status" | "summary">): ReportSummary {
  if (counts.tests === 0) return { ...counts, status: "failed", summary: "The report has no test cases" };
  const passed = counts.tests - counts.failures - counts.errors - counts.skipped;
  return {
    ...counts,
    status: counts.failures + counts.errors > 0 ? "failed" : "passed",
    summary: `${passed} passed, ${counts.failures} failed, ${counts.errors} errors, ${counts.skipped} skipped`,
  };
}
