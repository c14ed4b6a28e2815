import { recordCheckResult } from "../../services/record-check-result";
import { invalid, payloadTooLarge } from "../../errors";
import { mediaTypeOf, type ApiCall } from "../api";
import { jsonLimit, junitLimit, sizeLabel } from "../read-body";
import { parseReport, reportKindOf } from "../reports/parse-report";
import { parseReportOffThread } from "../reports/report-pool";
import type { ReportSummary } from "../../domain/test-report";
import { bodyInput, ctxOf, type ApiResult } from "./call";

/** Check results: JSON, or a JUnit, TRX or Cucumber report (README: Connecting CI). */

/** A test report is parsed on a worker thread, before the transaction; a JSON result stays within the JSON limit. */
export async function prepareResult(raw: Buffer, mediaType: string | null): Promise<ReportSummary | undefined> {
  const kind = reportKindOf(raw, mediaType);
  if (kind) return parseReportOffThread(raw, kind);
  if (raw.length > jsonLimit)
    throw payloadTooLarge(
      `A JSON result is limited to ${sizeLabel(jsonLimit)}; a Cucumber report (an array) to ${sizeLabel(junitLimit)}`,
    );
  return undefined;
}

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

export function resultResponse(result: Awaited<ReturnType<typeof recordCheckResult>>): ApiResult {
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

export async function recordResultCall(call: ApiCall): Promise<ApiResult> {
  const kind = reportKindOf(call.raw, mediaTypeOf(call.contentType));
  if (!kind) return resultResponse(await recordCheckResult({ ctx: ctxOf(call), input: bodyInput(call, true).input }));
  const environment = call.query.get("environment");
  const check = call.query.get("check");
  if (!environment || !check) {
    throw invalid("A test report needs ?environment=…&check=… in the URL", [
      ...(environment ? [] : [{ path: "environment", message: "query parameter is required" }]),
      ...(check ? [] : [{ path: "check", message: "query parameter is required" }]),
    ]);
  }
  // Parsed in slices before the transaction (`prepare`); a stored delivery sent again without it.
  // Parsed on a worker thread before the transaction (`prepare`); here only if that did not run.
  const report = (call.prepared as ReportSummary | undefined) ?? parseReport(call.raw, kind);
  const result = await recordCheckResult({
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
