import { SaxesParser } from "saxes";
import { badRequest, DomainError, invalid } from "../errors";
import { detailChars, failingCase, maxFailingCases, withVerdict, type ReportSummary } from "../domain/test-report";

export type JUnitSummary = ReportSummary;

/**
 * Reads a JUnit XML report with a streaming parser: whatever the root (<testsuites>, a
 * single <testsuite>, nested suites), counts come from the <testcase> elements themselves,
 * not from attributes a runner may have got wrong. DTDs and entities beyond XML's own are
 * refused, so entity-expansion bombs cannot run.
 */
export function parseJUnit(raw: Buffer): JUnitSummary {
  const reader = junitReader(raw);
  while (reader.step()) {
    // one slice at a time, all at once
  }
  return reader.finish();
}

/** How much of a report is parsed between two yields to the event loop (a few ms of work). */
const sliceBytes = 128 * 1024;

/**
 * parseJUnit in slices that yield to the event loop between them: a 20 MiB report takes
 * about half a second to parse, and in one piece it would stall every other request
 * (/api/health included) for that long. Same result as parseJUnit.
 */
export async function parseJUnitInSlices(raw: Buffer): Promise<JUnitSummary> {
  const reader = junitReader(raw, sliceBytes);
  while (reader.step()) await new Promise<void>((resolve) => setImmediate(resolve));
  return reader.finish();
}

function junitReader(raw: Buffer, step = 1024 * 1024) {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const result: JUnitSummary = {
    tests: 0,
    failures: 0,
    errors: 0,
    skipped: 0,
    durationMs: null,
    failingCases: [],
    status: "passed",
    summary: "",
  };
  let seconds = 0;
  let timed = false;
  let current: {
    name: string;
    className?: string;
    outcome: "passed" | "failure" | "error" | "skipped";
    message?: string;
    details: string;
    time?: number;
  } | null = null;
  let inFailureBody = false;
  let sawRoot = false;
  let declared: { tests: number; skipped: number } | null = null;

  parser.on("doctype", () => {
    throw badRequest("JUnit reports must not contain a DOCTYPE");
  });
  parser.on("opentag", (tag) => {
    const attr = (name: string) =>
      typeof tag.attributes[name] === "string" ? (tag.attributes[name] as string) : undefined;
    if (!sawRoot) {
      sawRoot = true;
      if (tag.name !== "testsuites" && tag.name !== "testsuite") {
        throw invalid(`Not a JUnit report: the root element is <${tag.name}>, expected <testsuites> or <testsuite>`);
      }
      declared = { tests: Number(attr("tests")), skipped: Number(attr("skipped") ?? attr("skip")) };
    }
    if (tag.name === "testcase") {
      const time = Number(attr("time"));
      current = {
        name: attr("name") ?? "(unnamed)",
        className: attr("classname"),
        outcome: "passed",
        details: "",
        time: Number.isFinite(time) ? time : undefined,
      };
    } else if (current && (tag.name === "failure" || tag.name === "error")) {
      if (current.outcome === "passed" || current.outcome === "skipped") current.outcome = tag.name;
      current.message ??= attr("message") ?? attr("type");
      inFailureBody = true;
    } else if (current && tag.name === "skipped") {
      if (current.outcome === "passed") current.outcome = "skipped";
    }
  });
  parser.on("text", (text) => {
    if (current && inFailureBody && current.details.length < detailChars)
      current.details += text.slice(0, detailChars - current.details.length);
  });
  parser.on("cdata", (text) => {
    if (current && inFailureBody && current.details.length < detailChars)
      current.details += text.slice(0, detailChars - current.details.length);
  });
  parser.on("closetag", (tag) => {
    if (tag.name === "failure" || tag.name === "error") inFailureBody = false;
    if (tag.name === "testcase" && current) {
      result.tests++;
      if (current.time !== undefined) {
        seconds += current.time;
        timed = true;
      }
      if (current.outcome === "failure") result.failures++;
      if (current.outcome === "error") result.errors++;
      if (current.outcome === "skipped") result.skipped++;
      if (
        (current.outcome === "failure" || current.outcome === "error") &&
        result.failingCases.length < maxFailingCases
      ) {
        result.failingCases.push(
          failingCase({
            name: current.name,
            className: current.className,
            kind: current.outcome,
            message: current.message,
            details: current.details,
          }),
        );
      }
      current = null;
    }
  });

  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  /** Parses the next slice; false once the whole report is read. */
  const stepOnce = (): boolean => {
    try {
      if (offset < raw.length) {
        parser.write(decoder.decode(raw.subarray(offset, offset + step), { stream: offset + step < raw.length }));
        offset += step;
      }
      if (offset < raw.length) return true;
      parser.close();
      return false;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof TypeError) throw badRequest("The JUnit report is not valid UTF-8");
      throw badRequest(`The JUnit report is not well-formed XML: ${(error as Error).message.split("\n")[0]}`);
    }
  };
  return { step: stepOnce, finish: () => summarise() };

  function summarise(): JUnitSummary {
    if (!sawRoot) throw badRequest("The JUnit report is empty");
    // Some reporters (mocha-junit-reporter) leave skipped tests out of the cases and only
    // count them on the root. Trust the root for those, and only as far as both its totals agree.
    const root = declared as { tests: number; skipped: number } | null;
    if (root && Number.isInteger(root.tests) && Number.isInteger(root.skipped)) {
      const missing = Math.min(root.tests - result.tests, root.skipped - result.skipped);
      if (missing > 0) {
        result.tests += missing;
        result.skipped += missing;
      }
    }
    result.durationMs = timed ? Math.round(seconds * 1000) : null;
    return withVerdict(result);
  }
}
