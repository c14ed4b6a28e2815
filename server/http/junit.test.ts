import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "./junit";

/**
 * Reports written by five real runners (server/http/fixtures/generate.sh) from the same
 * suite, checked against what each runner itself printed as its summary.
 */
const dir = path.join(__dirname, "fixtures", "junit");
const summaries: Record<string, (text: string) => { passed: number; failed: number; skipped: number }> = {
  "node-test": (s) => ({ passed: num(s, /# pass (\d+)/), failed: num(s, /# fail (\d+)/), skipped: num(s, /# skipped (\d+)/) }),
  vitest: (s) => ({ passed: num(s, /(\d+) passed/), failed: num(s, /(\d+) failed/), skipped: num(s, /(\d+) skipped/) }),
  pytest: (s) => ({ passed: num(s, /(\d+) passed/), failed: num(s, /(\d+) failed/), skipped: num(s, /(\d+) skipped/) }),
  mocha: (s) => ({ passed: num(s, /(\d+) passing/), failed: num(s, /(\d+) failing/), skipped: num(s, /(\d+) pending/) }),
  jest: (s) => ({ passed: num(s, /(\d+) passed/), failed: num(s, /(\d+) failed/), skipped: num(s, /(\d+) skipped/) }),
};
function num(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`no ${pattern} in ${text}`);
  return Number(match[1]);
}

describe.each(Object.keys(summaries))("a JUnit report from %s", (runner) => {
  it("gives the counts the runner printed, and the failing case", () => {
    const report = parseJUnit(fs.readFileSync(path.join(dir, `${runner}.xml`)));
    const expected = summaries[runner]!(fs.readFileSync(path.join(dir, `${runner}.summary.txt`), "utf8"));
    expect({
      passed: report.tests - report.failures - report.errors - report.skipped,
      failed: report.failures + report.errors,
      skipped: report.skipped,
    }).toEqual(expected);
    expect(report.status).toBe("failed");
    expect(report.failingCases.map((c) => c.name)).toEqual([expect.stringMatching(/fails.on.purpose/)]);
  });
});

it("keeps at most 200 failing cases, and parses a 20 MiB report", () => {
  const cases = Array.from({ length: 60_000 }, (_, i) => `<testcase classname="big.Suite" name="case ${i}"${i % 100 === 0 ? "><failure message=\"no\">trace</failure></testcase>" : "/>"}`);
  const xml = Buffer.from(`<testsuites><testsuite name="big">${cases.join("")}</testsuite></testsuites>`);
  const report = parseJUnit(xml);
  expect(report.tests).toBe(60_000);
  expect(report.failures).toBe(600);
  expect(report.failingCases).toHaveLength(200);
});
