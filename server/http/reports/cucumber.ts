import { badRequest, invalid } from "../../errors";
import { failingCase, maxFailingCases, withVerdict, type ReportSummary } from "../../domain/test-report";

type Result = { status?: unknown; duration?: unknown; error_message?: unknown };
type Step = { keyword?: unknown; name?: unknown; result?: Result; before?: unknown; after?: unknown };
type Element = {
  type?: unknown;
  keyword?: unknown;
  name?: unknown;
  steps?: unknown;
  before?: unknown;
  after?: unknown;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown) => (typeof v === "string" ? v : "");

const isBackground = (e: Element) =>
  e.type === "background" || (e.type === undefined && /background/i.test(text(e.keyword)));

type Run = { step: Step; hook: boolean };

/** The steps and hooks of a scenario, its background's (a separate element before it in Cucumber-JVM and -Ruby) first. */
function stepsOf(scenario: Element, background: Element | null): Run[] {
  const hooks = (v: unknown): Run[] => list(v).map((step) => ({ step, hook: true }));
  // Cucumber-JS lists its hooks among the steps, as "Before" and "After".
  const step = (s: Step): Run => ({ step: s, hook: /^(before|after)$/i.test(text(s.keyword).trim()) });
  const own = (e: Element | null): Run[] =>
    e
      ? [
          ...hooks(e.before),
          ...list(e.steps).flatMap((s: Step) => [...hooks(s.before), step(s), ...hooks(s.after)]),
          ...hooks(e.after),
        ]
      : [];
  return [...own(background), ...own(scenario)];
}

/**
 * Reads a Cucumber JSON report (the `json` formatter of Cucumber-JVM, -JS and -Ruby: an array
 * of features, each with its scenarios as `elements`). One test per scenario (each row of a
 * Scenario Outline is one); a scenario fails when a step or hook of it (or of its background)
 * failed, or is undefined, pending or ambiguous (Cucumber's strict mode, its default since 7);
 * it is skipped when none of its steps passed, some were skipped, and nothing failed.
 */
export function parseCucumber(raw: Buffer): ReportSummary {
  let features: unknown;
  try {
    features = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (error) {
    throw badRequest(
      error instanceof TypeError ? "The Cucumber report is not valid UTF-8" : "The Cucumber report is not valid JSON",
    );
  }
  if (!Array.isArray(features) || !features.every(isObject))
    throw invalid("Not a Cucumber JSON report: expected an array of features");
  type Outcome = { kind: "passed" | "skipped" } | { kind: "failed"; failing: Awaited<ReturnType<typeof failingCase>> };
  // A scenario retried (Cucumber's --retry) appears once per attempt: the last attempt is its outcome.
  const outcomes = new Map<string, Outcome>();
  let previous = "";
  let attempt = 0;
  let nanoseconds = 0;
  let timed = false;
  for (const [f, feature] of (features as Record<string, unknown>[]).entries()) {
    let background: Element | null = null;
    for (const element of list(feature.elements) as Element[]) {
      if (isBackground(element)) {
        background = element;
        continue;
      }
      const steps = stepsOf(element, background);
      background = null;
      let bad: { step: Step; status: string } | null = null;
      let skipped = 0;
      let passed = 0;
      for (const { step, hook } of steps) {
        const status = text(step.result?.status);
        const duration = step.result?.duration;
        if (typeof duration === "number" && Number.isFinite(duration)) {
          nanoseconds += duration;
          timed = true;
        }
        if (["failed", "undefined", "pending", "ambiguous"].includes(status)) bad ??= { step, status };
        if (status === "skipped") skipped++;
        if (status === "passed" && !hook) passed++;
      }
      // A retried scenario's attempts follow each other, alike in id, line, name and steps (Cucumber-JS
      // gives every row of an outline the same id and line, but the rows' steps differ).
      const signature = [
        text((element as Record<string, unknown>).id),
        String((element as Record<string, unknown>).line),
        text(element.name),
        ...steps.map(({ step }) => `${text(step.keyword)}${text(step.name)}`),
      ].join("\n");
      if (signature !== previous) attempt++;
      previous = signature;
      const key = `${f}:${attempt}`;
      const scenario = text(element.name) || text(element.keyword) || "(unnamed scenario)";
      if (bad) {
        const error = text(bad.step.result?.error_message);
        const stepName = `${text(bad.step.keyword)}${text(bad.step.name)}`.trim() || "a hook";
        outcomes.set(key, {
          kind: "failed",
          failing: failingCase({
            name: scenario,
            className: text(feature.name) || text(feature.uri) || undefined,
            kind: "failure",
            message:
              bad.status === "failed" ? error.split("\n")[0] || `${stepName} failed` : `${stepName} is ${bad.status}`,
            details: error || undefined,
          }),
        });
      } else outcomes.set(key, { kind: skipped > 0 && passed === 0 ? "skipped" : "passed" });
    }
  }
  const all = [...outcomes.values()];
  const failing = all.flatMap((o) => (o.kind === "failed" ? [o.failing] : []));
  const counts = {
    tests: all.length,
    failures: failing.length,
    errors: 0,
    skipped: all.filter((o) => o.kind === "skipped").length,
    durationMs: null as number | null,
    failingCases: failing.slice(0, maxFailingCases),
  };
  counts.durationMs = timed ? Math.round(nanoseconds / 1e6) : null;
  return withVerdict(counts);
}
