import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../errors";
import { parseReport, reportKindOf } from "./parse-report";
import { parseReportOffThread } from "./report-pool";

/** Real reports (server/http/fixtures/README.md says where each comes from). */
const fixture = (...parts: string[]) => fs.readFileSync(path.join(__dirname, "..", "fixtures", ...parts));

describe("TRX reports (VSTest)", () => {
  it("counts an xUnit run as its own summary does, with the failing cases and their class", () => {
    const raw = fixture("trx", "xunit-dorny.trx");
    expect(reportKindOf(raw, "application/xml")).toBe("trx");
    const report = parseReport(raw, "trx");
    expect(report).toMatchObject({ tests: 11, failures: 5, errors: 0, skipped: 1, status: "failed" });
    expect(report.failingCases).toHaveLength(5);
    expect(report.failingCases).toContainEqual(
      expect.objectContaining({
        name: "DotnetTests.XUnitTests.CalculatorTests.Exception_In_TargetTest",
        className: "DotnetTests.XUnitTests.CalculatorTests",
        kind: "failure",
        message: "System.DivideByZeroException : Attempted to divide by zero.",
        details: expect.stringContaining("at DotnetTests.Unit.Calculator.Div(Int32 a, Int32 b)"),
      }),
    );
    expect(report.durationMs).toBeGreaterThan(100);
  });

  it("counts an MSTest run with tests not executed as skipped", () => {
    const report = parseReport(fixture("trx", "silentnotes-mstest.trx"), "trx");
    expect(report).toMatchObject({ tests: 79, failures: 0, errors: 0, skipped: 12, status: "passed" });
    expect(report.summary).toBe("67 passed, 0 failed, 0 errors, 12 skipped");
  });

  it("is told from JUnit by its root, whatever comes before it", () => {
    const trx = Buffer.from(
      '\ufeff<?xml version="1.0"?>\n<!-- <testsuites> in a comment --><TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"></TestRun>',
    );
    expect(reportKindOf(trx, "text/xml")).toBe("trx");
    expect(reportKindOf(Buffer.from("<testsuites/>"), "application/xml")).toBe("junit");
    expect(parseReport(trx, "trx")).toMatchObject({ tests: 0, status: "failed" });
  });

  it("refuses a DOCTYPE and broken XML as a bad request", () => {
    expect(() => parseReport(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><TestRun/>'), "trx")).toThrow(DomainError);
    expect(() => parseReport(Buffer.from("<TestRun><Results>"), "trx")).toThrow(/not well-formed/);
  });
});

/** What each feature file of cucumber-json-converter's testdata gives, by Cucumber's own (strict) rules. */
const features: Record<string, { tests: number; failures: number; skipped: number }> = {
  // fails; passes; pending (strict: a failure)
  "failing-passing-pending-scenarios": { tests: 3, failures: 2, skipped: 0 },
  // the background fails under both scenarios
  "failing-background-with-two-scenarios": { tests: 2, failures: 2, skipped: 0 },
  // rows: passing, failing, pending
  "scenario-outline": { tests: 3, failures: 2, skipped: 0 },
  "failing-before-hook": { tests: 1, failures: 1, skipped: 0 },
  "one-skipped-scenario": { tests: 1, failures: 0, skipped: 1 },
};

/** Where a runner's testdata differs: Cucumber-JVM's project has no step definition for the skip, so it is undefined. */
const differs: Record<string, (typeof features)[string]> = {
  "cucumber-jvm-one-skipped-scenario": { tests: 1, failures: 1, skipped: 0 },
};

describe.each(["cucumber-js", "cucumber-jvm", "cucumber-ruby"])("Cucumber JSON from %s", (runner) => {
  it.each(Object.entries(features))("%s", (feature, same) => {
    const expected = differs[`${runner}-${feature}`] ?? same;
    const raw = fixture("cucumber", `${runner}-${feature}.json`);
    expect(reportKindOf(raw, "application/json")).toBe("cucumber");
    const report = parseReport(raw, "cucumber");
    expect({ tests: report.tests, failures: report.failures, skipped: report.skipped }).toEqual(expected);
    expect(report.failingCases).toHaveLength(expected.failures);
    expect(report.status).toBe(expected.failures ? "failed" : "passed");
    for (const c of report.failingCases) {
      expect(c.className).toBeTruthy();
      expect(c.message).toBeTruthy();
    }
  });
});

describe("Cucumber JSON", () => {
  it("counts a scenario Cucumber-Ruby retried once, by its last attempt", () => {
    // cucumber-json-converter runs Cucumber-Ruby with --retry 2: each failing scenario appears three times.
    const raw = fixture("cucumber", "cucumber-ruby-scenario-outline.json");
    const elements = (JSON.parse(raw.toString()) as { elements: unknown[] }[])[0]!.elements;
    expect(elements.length).toBeGreaterThan(3);
    expect(parseReport(raw, "cucumber")).toMatchObject({ tests: 3, failures: 2 });
  });

  it("names the failing step's error, and is told from a JSON result by being an array", () => {
    const report = parseReport(
      fixture("cucumber", "cucumber-jvm-failing-background-with-two-scenarios.json"),
      "cucumber",
    );
    expect(report.failingCases[0]).toMatchObject({
      name: "S1",
      className: "failing-background-with-two-scenarios",
      message: "java.lang.RuntimeException: this step failed",
    });
    expect(reportKindOf(Buffer.from(' {"check": "unit"}'), "application/json")).toBeNull();
    expect(reportKindOf(Buffer.from("\n[]"), "application/json")).toBe("cucumber");
    expect(reportKindOf(Buffer.from("[]"), "text/plain")).toBeNull();
  });

  it("refuses what is not an array of features", () => {
    expect(() => parseReport(Buffer.from("[1, 2]"), "cucumber")).toThrow(/Not a Cucumber JSON report/);
    expect(() => parseReport(Buffer.from("[{"), "cucumber")).toThrow(/not valid JSON/);
  });
});

describe("on a worker thread", () => {
  it("gives what parsing in place gives, for each kind", async () => {
    for (const [kind, raw] of [
      ["junit", fixture("junit", "vitest.xml")],
      ["trx", fixture("trx", "xunit-dorny.trx")],
      ["cucumber", fixture("cucumber", "cucumber-js-scenario-outline.json")],
    ] as const) {
      expect(await parseReportOffThread(raw, kind)).toEqual(parseReport(raw, kind));
    }
  });

  it("sends a refusal back as the same DomainError", async () => {
    const refusal = await parseReportOffThread(Buffer.from("<TestRun><Results>"), "trx").catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/not well-formed/) });
  });
});
