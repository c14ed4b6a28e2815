import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { recordCheckResult } from "../services/record-check-result";
import { lockEnvironment } from "../services/lock-environment";
import { unlockEnvironment } from "../services/unlock-environment";
import { compareReleaseVersions, getBoardAt, getEnvironmentHistory } from "./history";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);

/** A morning of moves at known minutes, so each moment's board has a known answer. */
async function morning() {
  const ctx = testContext(t.db, userActor("admin", "Ada Admin"), at("09:00"));
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA" },
    { slug: "production", name: "Production" },
  ]);
  const project = "shop";
  const step = async (hhmm: string, work: () => Promise<unknown>) => {
    ctx.setNow(at(hhmm));
    await work();
  };
  await step("09:00", () =>
    createRelease({
      ctx,
      input: { project, version: "1.0.0", notes: "First", changes: [{ id: "A-1", title: "Cart" }] },
    }),
  );
  await step("09:10", () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "qa" } }));
  await step("09:20", () =>
    createRelease({
      ctx,
      input: {
        project,
        version: "1.1.0",
        notes: "Second",
        changes: [
          { id: "A-2", title: "Checkout" },
          { id: "A-1", title: "Cart" },
        ],
      },
    }),
  );
  await step("09:30", () =>
    lockEnvironment({ ctx, input: { project, environment: "production", reason: "incident" } }),
  );
  await step("09:40", () => unlockEnvironment({ ctx, input: { project, environment: "production" } }));
  await step("09:41", () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "production" } }));
  await step("09:50", () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "qa" } }));
  await step("09:55", () =>
    recordCheckResult({
      ctx,
      input: { project, version: "1.1.0", environment: "qa", check: "e2e", status: "failed", tests: 10, failures: 2 },
    }),
  );
  await step("10:05", () =>
    recordCheckResult({
      ctx,
      input: { project, version: "1.1.0", environment: "qa", check: "e2e", status: "passed", tests: 10, failures: 0 },
    }),
  );
  await step("10:10", () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "production" } }));
  await step("10:20", () =>
    moveRelease({ ctx, input: { project, version: "1.0.0", to: "production", rollback: true, reason: "bad cart" } }),
  );
  return ctx;
}

const columns = async (moment: string) =>
  Object.fromEntries(
    (await getBoardAt(t.db, "shop", at(moment))).environments.map((e) => [e.slug, e.releases.map((r) => r.version)]),
  );

it("shows where every release was at each recorded moment", async () => {
  await morning();
  expect(await columns("08:59")).toEqual({ dev: [], qa: [], production: [] });
  expect(await columns("09:05")).toEqual({ dev: ["1.0.0"], qa: [], production: [] });
  expect(await columns("09:25")).toEqual({ dev: ["1.1.0"], qa: ["1.0.0"], production: [] });
  expect(await columns("09:45")).toEqual({ dev: ["1.1.0"], qa: [], production: ["1.0.0"] });
  expect(await columns("10:00")).toEqual({ dev: [], qa: ["1.1.0"], production: ["1.0.0"] });
  // 1.1.0 went live and superseded 1.0.0; then 1.0.0 was rolled back into Production.
  expect(await columns("10:15")).toEqual({ dev: [], qa: [], production: ["1.1.0"] });
  expect(await columns("10:25")).toEqual({ dev: [], qa: [], production: ["1.0.0"] });
});

it("shows locks, checks and holds as they were, not as they are", async () => {
  await morning();
  const production = async (moment: string) =>
    (await getBoardAt(t.db, "shop", at(moment))).environments.find((e) => e.slug === "production")!;
  expect(await production("09:35")).toMatchObject({ locked: true, lock: { reason: "incident", by: "Ada Admin" } });
  expect((await production("09:45")).locked).toBe(false);
  const qa = async (moment: string) =>
    (await getBoardAt(t.db, "shop", at(moment))).environments.find((e) => e.slug === "qa")!;
  expect((await qa("09:52")).releases[0]).toMatchObject({ version: "1.1.0", status: "none", checks: [] });
  expect((await qa("10:00")).releases[0]).toMatchObject({
    status: "failed",
    checks: [{ name: "e2e", status: "failed" }],
  });
  expect((await qa("10:06")).releases[0]).toMatchObject({
    status: "passed",
    checks: [{ name: "e2e", status: "passed" }],
  });
  expect((await production("10:15")).releases[0]).toMatchObject({
    held: false,
    arrived: { kind: "promote", by: "Ada Admin" },
  });
  expect((await production("10:25")).releases[0]).toMatchObject({
    version: "1.0.0",
    held: true,
    since: at("10:20"),
    arrived: { kind: "rollback" },
  });
});

it("lists what was in an environment when, how it arrived and how it left", async () => {
  await morning();
  const history = await getEnvironmentHistory(t.db, "shop", "production");
  expect(
    history.stays.map((s) => ({
      version: s.version,
      from: s.from,
      until: s.until,
      arrived: s.arrived.kind,
      left: s.left?.kind ?? null,
    })),
  ).toEqual([
    { version: "1.0.0", from: at("10:20"), until: null, arrived: "rollback", left: null },
    { version: "1.1.0", from: at("10:10"), until: at("10:20"), arrived: "promote", left: "supersede" },
    { version: "1.0.0", from: at("09:41"), until: at("10:10"), arrived: "promote", left: "supersede" },
  ]);
  expect(history.environment).toEqual({ slug: "production", name: "Production", last: true });
});

it("compares two releases: each change once, checks side by side, notes in between", async () => {
  await morning();
  const compared = await compareReleaseVersions(t.db, "shop", "1.1.0", "1.0.0");
  expect(compared.swapped).toBe(true);
  expect(compared.base.version).toBe("1.0.0");
  expect(compared.head.version).toBe("1.1.0");
  expect(compared.changes.map((c) => c.id)).toEqual(["A-2", "A-1"]);
  expect(compared.checks).toEqual([
    {
      environment: "QA",
      check: "e2e",
      base: null,
      head: { status: "passed", tests: 10, failures: 0 },
      newFailure: false,
    },
  ]);
  expect(compared.notes).toEqual([{ version: "1.1.0", notes: "Second" }]);
  const qa = compared.timeIn.find((e) => e.environment === "QA")!;
  expect(qa.base).toBe(31 * 60_000);
  expect(qa.head).toBe(20 * 60_000);
});
