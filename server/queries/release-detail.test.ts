import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { moveRelease } from "../services/move-release";
import { getReleaseDetail } from "./release-detail";
import { getSignoffInbox } from "./signoff-inbox";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function shop(now: Date) {
  const ctx = testContext(t.db, userActor("admin", "Ada"), now);
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "production", name: "Production", requiredChecks: ["smoke"], requiredSignoffs: 2 },
  ]);
  return ctx;
}

it("the checks matrix has each check × environment: the latest result, its counts and link, and how many runs", async () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const ctx = await shop(now);
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0" } });
  const record = (status: "passed" | "failed", url: string) =>
    recordCheckResult({
      ctx,
      input: {
        project: "shop",
        version: "1.0.0",
        environment: "dev",
        check: "unit",
        status,
        tests: 10,
        failures: status === "failed" ? 1 : 0,
        url,
      },
    });
  await record("failed", "https://ci.example.com/1");
  await record("passed", "https://ci.example.com/2");
  await recordCheckResult({
    ctx,
    input: { project: "shop", version: "1.0.0", environment: "dev", check: "lint", status: "passed" },
  });

  const { checks } = await getReleaseDetail(t.db, "shop", "1.0.0", now);
  expect(checks.map((c) => c.name)).toEqual(["unit", "smoke", "lint"]);
  const [dev, qa, production] = checks[0]!.cells;
  expect(dev).toMatchObject({
    required: false,
    gateInto: "QA",
    runs: 2,
    latest: { status: "passed", tests: 10, failures: 0, url: "https://ci.example.com/2" },
  });
  // Required to enter QA, and passed where that gate reads it: not "missing" in QA.
  expect(qa).toMatchObject({
    required: true,
    readIn: { environment: "Development", status: "passed" },
    gateInto: null,
    runs: 0,
    latest: null,
  });
  expect(production).toMatchObject({ required: false, readIn: null, gateInto: null, latest: null });
  expect(checks[1]!.cells[1]).toMatchObject({ required: false, gateInto: "Production", latest: null });
  expect(checks[1]!.cells[2]).toMatchObject({
    required: true,
    readIn: { environment: "QA", status: null },
    latest: null,
  });
});

it("the inbox says whether the environment is the last, and which changes the notes already list", async () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const ctx = await shop(now);
  await createRelease({
    ctx,
    input: {
      project: "shop",
      version: "1.0.0",
      notes: "## 1.0.0\n\n- Faster search (#1)",
      changes: [
        { id: "#1", title: "Faster search" },
        { id: "#2", title: "Quieter logs" },
      ],
    },
  });
  await recordCheckResult({
    ctx,
    input: { project: "shop", version: "1.0.0", environment: "qa", check: "unit", status: "passed" },
  });
  await moveRelease({ ctx, input: { project: "shop", version: "1.0.0", to: "qa", override: true, reason: "set-up" } });

  const [item] = await getSignoffInbox(t.db, "someone-else", now);
  expect(item!.environment).toMatchObject({ slug: "production", requiredSignoffs: 2, last: true });
  expect(item!.changes.map((c) => [c.title, c.inNotes])).toEqual([
    ["Faster search", true],
    ["Quieter logs", false],
  ]);
});
