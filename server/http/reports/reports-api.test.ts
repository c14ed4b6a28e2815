import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { checkResults, testCaseFailures } from "../../../db/schema";
import { createTestDb, testContext, userActor, type TestDb } from "../../testing/test-db";
import { givenProject } from "../../testing/fixtures";
import { createProjectToken } from "../../services/create-project-token";
import { createRelease } from "../../services/create-release";
import { getRelease, postResult } from "../endpoints";

let t: TestDb;
let token: string;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, "api", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["dotnet", "features"] },
  ]);
  token = (await createProjectToken({ ctx, input: { project: "api", name: "ci" } })).token;
  await createRelease({ ctx, input: { project: "api", version: "1.0.0" } });
});
afterEach(() => t.close());

const fixture = (...parts: string[]) => fs.readFileSync(path.join(__dirname, "..", "fixtures", ...parts));
const post = (body: Buffer | string, contentType: string, check: string) =>
  postResult(
    t.db,
    new Request(`http://localhost:3000/api/v1/projects/api/releases/1.0.0/results?environment=dev&check=${check}`, {
      method: "POST",
      headers: { "content-type": contentType, authorization: `Bearer ${token}` },
      body: typeof body === "string" ? body : new Uint8Array(body),
    }),
    "api",
    "1.0.0",
  );

it("takes a TRX report as application/xml and a Cucumber report as application/json, like JUnit (README: Test reports)", async () => {
  const trx = await post(fixture("trx", "xunit-dorny.trx"), "application/xml", "dotnet");
  expect(trx.status).toBe(201);
  expect(await trx.json()).toMatchObject({ check: "dotnet", status: "failed", tests: 11, failures: 5, skipped: 1 });
  const cucumber = await post(
    fixture("cucumber", "cucumber-jvm-scenario-outline.json"),
    "application/json",
    "features",
  );
  expect(cucumber.status).toBe(201);
  expect(await cucumber.json()).toMatchObject({ check: "features", status: "failed", tests: 3, failures: 2 });

  const cases = await t.db.select().from(testCaseFailures);
  expect(cases).toHaveLength(7);
  expect(cases).toContainEqual(
    expect.objectContaining({
      name: "S1",
      className: "scenario-outline",
      kind: "failure",
      message: expect.any(String),
    }),
  );
  const read = await getRelease(
    t.db,
    new Request("http://localhost:3000/api/v1/projects/api/releases/1.0.0", {
      headers: { authorization: `Bearer ${token}` },
    }),
    "api",
    "1.0.0",
  );
  const body = (await read.json()) as { checks: { check: string; tests: number }[] };
  expect(body.checks.map((c) => [c.check, c.tests])).toEqual([
    ["dotnet", 11],
    ["features", 3],
  ]);
});

it("passing reports of both kinds meet the gates and auto-promote", async () => {
  await post(fixture("trx", "silentnotes-mstest.trx"), "text/xml", "dotnet");
  const passing = [
    {
      name: "F",
      elements: [
        {
          type: "scenario",
          name: "S",
          steps: [{ keyword: "Given ", name: "x", result: { status: "passed", duration: 2_000_000 } }],
        },
      ],
    },
  ];
  const response = await post(JSON.stringify(passing), "application/json", "features");
  expect(await response.json()).toMatchObject({
    status: "passed",
    tests: 1,
    durationMs: 2,
    autoPromoted: true,
    promotedTo: "qa",
  });
});

it("a JSON result stays within 1 MiB; a Cucumber report may be larger", async () => {
  const big = JSON.stringify({ environment: "dev", check: "unit", status: "passed", summary: "x".repeat(1024 * 1024) });
  expect((await post(big, "application/json", "unit")).status).toBe(413);
  const scenarios = Array.from({ length: 6000 }, (_, i) => ({
    type: "scenario",
    name: `scenario ${i} ${"y".repeat(200)}`,
    steps: [
      { keyword: "Given ", name: "a step", result: { status: i === 7 ? "failed" : "passed", error_message: "boom" } },
    ],
  }));
  const report = JSON.stringify([{ name: "Big", elements: scenarios }]);
  expect(report.length).toBeGreaterThan(1024 * 1024);
  const response = await post(report, "application/json", "features");
  expect(response.status).toBe(201);
  expect(await response.json()).toMatchObject({ tests: 6000, failures: 1 });
  expect(await t.db.select().from(checkResults)).toHaveLength(1);
});

it("refuses a malformed report with the reason and records nothing", async () => {
  const broken = await post("[{", "application/json", "features");
  expect(broken.status).toBe(400);
  const notFeatures = await post("[1]", "application/json", "features");
  expect(notFeatures.status).toBe(422);
  expect((await notFeatures.json()).detail).toMatch(/Not a Cucumber JSON report/);
  expect((await post("<TestRun><Results>", "application/xml", "dotnet")).status).toBe(400);
  expect(await t.db.select().from(checkResults)).toHaveLength(0);
});
