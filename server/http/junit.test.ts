import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseJUnit, parseJUnitInSlices } from "./junit";

/**
 * Reports written by five real runners (server/http/fixtures/generate.sh) from the same
 * suite, checked against what each runner itself printed as its summary.
 */
const dir = path.join(__dirname, "fixtures", "junit");
const summaries: Record<string, (text: string) => { passed: number; failed: number; skipped: number }> = {
  "node-test": (s) => ({
    passed: num(s, /# pass (\d+)/),
    failed: num(s, /# fail (\d+)/),
    skipped: num(s, /# skipped (\d+)/),
  }),
  vitest: (s) => ({ passed: num(s, /(\d+) passed/), failed: num(s, /(\d+) failed/), skipped: num(s, /(\d+) skipped/) }),
  pytest: (s) => ({ passed: num(s, /(\d+) passed/), failed: num(s, /(\d+) failed/), skipped: num(s, /(\d+) skipped/) }),
  mocha: (s) => ({
    passed: num(s, /(\d+) passing/),
    failed: num(s, /(\d+) failing/),
    skipped: num(s, /(\d+) pending/),
  }),
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
  const cases = Array.from(
    { length: 60_000 },
    (_, i) =>
      `<testcase classname="big.Suite" name="case ${i}"${i % 100 === 0 ? '><failure message="no">trace</failure></testcase>' : "/>"}`,
  );
  const xml = Buffer.from(`<testsuites><testsuite name="big">${cases.join("")}</testsuite></testsuites>`);
  const report = parseJUnit(xml);
  expect(report.tests).toBe(60_000);
  expect(report.failures).toBe(600);
  expect(report.failingCases).toHaveLength(200);
});

describe("parsed in slices that yield (as the results endpoint does)", () => {
  it.each(Object.keys(summaries))("gives the same summary as in one piece for %s", async (runner) => {
    const raw = fs.readFileSync(path.join(dir, `${runner}.xml`));
    expect(await parseJUnitInSlices(raw)).toEqual(parseJUnit(raw));
  });

  it("lets the event loop run while a 20 MiB report is read, with the same result", async () => {
    const cases = Array.from(
      { length: 60_000 },
      (_, i) =>
        `<testcase classname="big.Suite" name="case ${i} ${"x".repeat(300)}"${i % 100 === 0 ? '><failure message="no">trace</failure></testcase>' : "/>"}`,
    );
    const xml = Buffer.from(`<testsuites><testsuite name="big">${cases.join("")}</testsuite></testsuites>`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const report = await parseJUnitInSlices(xml).finally(() => clearInterval(timer));
    expect(report).toEqual(parseJUnit(xml));
    expect(report.tests).toBe(60_000);
    // In one piece no timer could fire until the end; in slices they run in between.
    expect(ticks).toBeGreaterThan(10);
  });

  it("refuses a malformed report the same way", async () => {
    await expect(parseJUnitInSlices(Buffer.from("<testsuites><testcase>"))).rejects.toThrow(/not well-formed/);
    for (const bad of ["", "<testsuites><testcase>", "<html/>", "\xff\xfe"]) {
      const raw = Buffer.from(bad, "latin1");
      const inOnePiece = (() => {
        try {
          parseJUnit(raw);
        } catch (error) {
          return (error as Error).message;
        }
      })();
      await expect(parseJUnitInSlices(raw)).rejects.toThrow(inOnePiece);
    }
  });
});
