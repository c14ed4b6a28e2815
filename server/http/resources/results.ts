import { recordCheckResult } from "../../services/record-check-result";
import { invalid } from "../../errors";
import type { ApiCall } from "../api";
import { parseJUnit, type JUnitSummary } from "../junit";
import { bodyInput, ctxOf, isXml, type ApiResult } from "./call";

/** Check results: JSON or a JUnit report (README: Connecting CI). */
/** Result counts as numbers (null when the result was plain JSON without them). */
export function countsOf(r: {
  tests: number | null;
  failures: number | null;
  errors: number | null;
  skipped: number | null;
  durationMs: number | null;
}) {
  return { tests: r.tests, failures: r.failures, errors: r.errors, skipped: r.skipped, durationMs: r.durationMs };
}

export function resultResponse(result: ReturnType<typeof recordCheckResult>): ApiResult {
  return {
    status: 201,
    body: {
      check: result.result.checkName,
      status: result.result.status,
      summary: result.result.summary,
      ...countsOf(result.result),
      environment: result.checkEnvironment,
      release: { version: result.release.version, environment: result.environment, state: result.release.state },
      autoPromoted: result.autoPromoted.length > 0,
      promotedTo: result.autoPromoted.at(-1)?.to ?? null,
    },
  };
}

export function recordResultCall(call: ApiCall): ApiResult {
  if (!isXml(call)) return resultResponse(recordCheckResult({ ctx: ctxOf(call), input: bodyInput(call, true).input }));
  const environment = call.query.get("environment");
  const check = call.query.get("check");
  if (!environment || !check) {
    throw invalid("A JUnit report needs ?environment=…&check=… in the URL", [
      ...(environment ? [] : [{ path: "environment", message: "query parameter is required" }]),
      ...(check ? [] : [{ path: "check", message: "query parameter is required" }]),
    ]);
  }
  // Parsed in slices before the transaction (`prepare`); a stored delivery sent again without it.
  const report = (call.prepared as JUnitSummary | undefined) ?? parseJUnit(call.raw);
  const result = recordCheckResult({
    ctx: ctxOf(call),
    input: {
      project: call.project.slug,
      version: call.version,
      environment,
      check,
      status: report.status,
      summary: report.summary,
      url: call.query.get("url") ?? undefined,
      tests: report.tests,
      failures: report.failures,
      errors: report.errors,
      skipped: report.skipped,
      durationMs: report.durationMs ?? undefined,
      failingCases: report.failingCases,
    },
  });
  return resultResponse(result);
}
