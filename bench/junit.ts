import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { exited, startServer } from "../server/testing/spawn-server";
import { freshDatabase, peakRssGrowth } from "./setup";
import { autocannon } from "./results";

const limit = 20 * 1024 * 1024;

/** A JUnit report just under the 20 MiB limit: suites of ~500 cases, 1 % failing with a message and a stack. */
export function writeJUnitReport(file: string): { bytes: number; cases: number; failures: number } {
  const out = fs.openSync(file, "w");
  let bytes = 0;
  const write = (s: string) => {
    fs.writeSync(out, s);
    bytes += Buffer.byteLength(s);
  };
  write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n');
  let cases = 0;
  let failures = 0;
  const padding = "x".repeat(400);
  for (let suite = 0; bytes < limit - 64 * 1024; suite++) {
    write(`  <testsuite name="module ${suite}" tests="500" timestamp="2026-11-27T10:00:00">\n`);
    for (let i = 0; i < 500 && bytes < limit - 64 * 1024; i++, cases++) {
      const name = `module ${suite} case ${i} handles the &lt;edge&gt; ${padding.slice(0, 200 + ((i * 7) % 200))}`;
      if (cases % 100 === 7) {
        failures++;
        write(
          `    <testcase classname="app.module${suite}.Spec" name="${name}" time="0.012"><failure message="expected 200, got 500" type="AssertionError">AssertionError: expected 200, got 500\n    at Spec.test (spec/module${suite}.test.ts:${i}:13)</failure></testcase>\n`,
        );
      } else {
        write(`    <testcase classname="app.module${suite}.Spec" name="${name}" time="0.003"/>\n`);
      }
    }
    write("  </testsuite>\n");
  }
  write("</testsuites>\n");
  fs.closeSync(out);
  return { bytes, cases, failures };
}

/** Ingest time and the server's peak memory growth for a 20 MiB JUnit report, over several posts. */
export async function benchJUnit(runs: number) {
  const app = await freshDatabase("junit");
  const report = path.join(app.dir, "report.xml");
  const shape = writeJUnitReport(report);
  const body = fs.readFileSync(report);
  const port = 3303;
  const server = await startServer(app.file, port);
  try {
    const post = async (check: string) => {
      const t0 = performance.now();
      const response = await fetch(
        `http://localhost:${port}/api/v1/projects/bench/releases/1.0.0/results?environment=dev&check=${check}`,
        { method: "POST", headers: { "content-type": "application/xml", authorization: `Bearer ${app.token}` }, body },
      );
      const text = await response.text();
      if (response.status >= 300) throw new Error(`JUnit post answered ${response.status}: ${text}`);
      return performance.now() - t0;
    };
    await post("warm-up");
    const times: number[] = [];
    const growths: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { result, growthMiB } = await peakRssGrowth(server.pid!, () => post(`junit-${i}`));
      times.push(result);
      if (growthMiB !== null) growths.push(growthMiB);
    }
    // /api/health from another client while reports are ingested one after the other: the
    // event loop must keep answering (the parse runs on a worker thread). First the same load
    // with no report, the reference: what this machine's scheduling alone does to the tail.
    const healthSeconds = Math.max(4, runs * 2);
    const healthAlone = await autocannon(`http://localhost:${port}/api/health`, healthSeconds, {
      connections: 2,
      rate: 100,
    });
    const health = autocannon(`http://localhost:${port}/api/health`, healthSeconds, { connections: 2, rate: 100 });
    let ingestedDuringHealth = 0;
    const deadline = performance.now() + (healthSeconds - 0.5) * 1000;
    await new Promise((resolve) => setTimeout(resolve, 300));
    while (performance.now() < deadline) {
      await post(`during-health-${ingestedDuringHealth++}`);
    }
    const healthDuring = await health;
    // What the server recorded from the report, to show nothing was dropped.
    const recorded = app.db.$client
      .prepare("select tests, failures from check_results where check_name = 'junit-0'")
      .get() as { tests: number; failures: number };
    times.sort((a, b) => a - b);
    return {
      ...shape,
      mib: shape.bytes / 2 ** 20,
      recordedTests: recorded.tests,
      recordedFailures: recorded.failures,
      medianMs: times[Math.floor(times.length / 2)]!,
      maxMs: times.at(-1)!,
      healthDuring,
      healthAlone,
      ingestedDuringHealth,
      peakGrowthMiB: growths.length ? Math.max(...growths) : null,
    };
  } finally {
    server.kill("SIGTERM");
    await exited(server);
  }
}
