import { SaxesParser } from "saxes";
import { badRequest, DomainError, invalid } from "../../errors";
import { detailChars, failingCase, maxFailingCases, withVerdict, type ReportSummary } from "../../domain/test-report";

type Outcome = "passed" | "failure" | "error" | "skipped";

/**
 * VSTest's outcomes (vstst.xsd's TestOutcome) as ours: Failed is a failure; Error, Timeout and
 * Aborted are errors; what did not run (NotExecuted, Inconclusive, NotRunnable, Pending,
 * Disconnected, InProgress) is skipped; Passed, PassedButRunAborted, Warning and Completed passed.
 */
const outcomes: Record<string, Outcome> = {
  failed: "failure",
  error: "error",
  timeout: "error",
  aborted: "error",
  notexecuted: "skipped",
  inconclusive: "skipped",
  notrunnable: "skipped",
  pending: "skipped",
  disconnected: "skipped",
  inprogress: "skipped",
};

/** "00:00:00.1084258" (TRX's durations) in seconds; NaN when it is not one. */
function seconds(duration: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(duration ?? "");
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
}

/**
 * Reads a TRX report (VSTest, `dotnet test --logger trx`): one test per top-level
 * <UnitTestResult> of <Results> (a data-driven test's inner results are its rows, not more
 * tests), its outcome, and for a failing one the <ErrorInfo> message and stack trace; the
 * class name comes from the matching <UnitTest>'s <TestMethod className>. DTDs are refused,
 * as for JUnit.
 */
export function parseTrx(raw: Buffer): ReportSummary {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0, durationMs: null as number | null };
  const failing: { testId?: string; name: string; kind: "failure" | "error"; message: string; details: string }[] = [];
  const classOf = new Map<string, string>();
  let total = 0;
  let timed = false;
  let sawRoot = false;
  let depth = 0; // of <UnitTestResult> nesting: only depth 1 counts
  let current: (typeof failing)[number] | null = null;
  let reading: "message" | "details" | null = null;
  let definition: string | null = null;

  parser.on("doctype", () => {
    throw badRequest("TRX reports must not contain a DOCTYPE");
  });
  parser.on("opentag", (tag) => {
    const attr = (name: string) => {
      const value = tag.attributes[name];
      return typeof value === "string" ? value : undefined;
    };
    const name = tag.name.includes(":") ? tag.name.split(":")[1]! : tag.name;
    if (!sawRoot) {
      sawRoot = true;
      if (name !== "TestRun") throw invalid(`Not a TRX report: the root element is <${tag.name}>, expected <TestRun>`);
    }
    if (name === "UnitTestResult") {
      depth++;
      if (depth !== 1) return;
      counts.tests++;
      const time = seconds(attr("duration"));
      if (Number.isFinite(time)) {
        total += time;
        timed = true;
      }
      const outcome = outcomes[(attr("outcome") ?? "").toLowerCase()] ?? "passed";
      if (outcome === "failure") counts.failures++;
      if (outcome === "error") counts.errors++;
      if (outcome === "skipped") counts.skipped++;
      current = null;
      if ((outcome === "failure" || outcome === "error") && failing.length < maxFailingCases) {
        current = {
          testId: attr("testId"),
          name: attr("testName") ?? "(unnamed)",
          kind: outcome,
          message: "",
          details: "",
        };
        failing.push(current);
      }
    } else if (current && depth === 1 && name === "Message") reading = "message";
    else if (current && depth === 1 && name === "StackTrace") reading = "details";
    else if (name === "UnitTest") definition = attr("id") ?? null;
    else if (name === "TestMethod" && definition) {
      const className = attr("className");
      if (className) classOf.set(definition, className);
    }
  });
  const onText = (text: string) => {
    if (!current || !reading) return;
    const field = reading === "message" ? "message" : "details";
    if (current[field].length < detailChars) current[field] += text.slice(0, detailChars - current[field].length);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    const name = tag.name.includes(":") ? tag.name.split(":")[1]! : tag.name;
    if (name === "Message" || name === "StackTrace") reading = null;
    else if (name === "UnitTestResult") {
      if (depth === 1) current = null;
      depth--;
    } else if (name === "UnitTest") definition = null;
  });

  try {
    parser.write(new TextDecoder("utf-8", { fatal: true }).decode(raw)).close();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof TypeError) throw badRequest("The TRX report is not valid UTF-8");
    throw badRequest(`The TRX report is not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!sawRoot) throw badRequest("The TRX report is empty");
  counts.durationMs = timed ? Math.round(total * 1000) : null;
  return withVerdict({
    ...counts,
    failingCases: failing.map((f) =>
      failingCase({
        name: f.name,
        className: f.testId ? classOf.get(f.testId) : undefined,
        kind: f.kind,
        message: f.message.trim().split(/\r?\n/)[0],
        details: [f.message.trim(), f.details.trim()].filter(Boolean).join("\n"),
      }),
    ),
  });
}
