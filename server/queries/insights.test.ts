import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { createRelease } from "../services/create-release";
import { moveRelease } from "../services/move-release";
import { recordCheckResult } from "../services/record-check-result";
import { signOff } from "../services/sign-off";
import { lockEnvironment } from "../services/lock-environment";
import { unlockEnvironment } from "../services/unlock-environment";
import { reportDeployment } from "../services/report-deployment";
import { getOrganisationInsights, getProjectInsights } from "./insights";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const at = (iso: string) => new Date(`2026-06-${iso}:00Z`);
const hour = 3600;
const range = { from: at("01T00:00"), to: at("15T00:00") };

/**
 * Two weeks of a project with known answers: three releases go live, the second is rolled back
 * an hour later by redeploying the first (a rollback into production is a deployment too).
 */
async function twoWeeks() {
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("01T09:00"));
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production" },
  ]);
  const step = async (when: string, work: () => Promise<unknown>) => {
    ctx.setNow(at(when));
    await work();
  };
  const project = "shop";
  await step("01T09:00", () =>
    createRelease({ ctx, input: { project, version: "1.0.0", committedAt: "2026-05-31T09:00:00Z" } }),
  );
  await step("01T10:00", () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "staging" } }));
  await step("02T09:00", () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "production" } }));
  await step("03T09:00", () => createRelease({ ctx, input: { project, version: "1.1.0" } }));
  await step("03T12:00", () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "staging" } }));
  await step("04T09:00", () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "production" } }));
  await step("04T10:00", () =>
    moveRelease({ ctx, input: { project, version: "1.0.0", to: "production", rollback: true, reason: "refunds" } }),
  );
  await step("08T09:00", () =>
    createRelease({ ctx, input: { project, version: "1.2.0", committedAt: "2026-06-08T10:00:00+02:00" } }),
  );
  await step("08T10:00", () => moveRelease({ ctx, input: { project, version: "1.2.0", to: "staging" } }));
  await step("09T09:00", () => moveRelease({ ctx, input: { project, version: "1.2.0", to: "production" } }));
}

it("computes DORA's four keys exactly for a history with known answers", async () => {
  await twoWeeks();
  const { insights } = await getProjectInsights(t.db, "shop", range);
  expect(insights.deploymentFrequency).toMatchObject({ total: 4, perDay: 4 / 14, level: "high" });
  expect(insights.deploymentFrequency.perWeek).toEqual([
    { weekStart: "2026-06-01", count: 3 },
    { weekStart: "2026-06-08", count: 1 },
    { weekStart: "2026-06-15", count: 0 },
  ]);
  // 1.0.0: 2 days from its commit; 1.1.0: 1 day from its creation (no commit time); 1.2.0: 25 hours.
  expect(insights.leadTime).toEqual({
    median: 25 * hour,
    p90: 48 * hour,
    level: "high",
    releases: 3,
    withoutCommitTime: 1,
  });
  // 1.1.0 was rolled back before the next forward deployment: 1 of 4.
  expect(insights.changeFailureRate).toEqual({ value: 0.25, failed: 1, deployments: 4, level: "high" });
  // From 1.1.0's go-live to the rollback's deployment of 1.0.0.
  expect(insights.recoveryTime).toEqual({ median: hour, failures: 1, level: "high" });
});

it("says how long releases stay in each environment", async () => {
  await twoWeeks();
  const { insights } = await getProjectInsights(t.db, "shop", range);
  expect(insights.flow.environments).toEqual([
    { slug: "dev", median: hour, p90: 3 * hour },
    { slug: "staging", median: 23 * hour, p90: 23 * hour },
    // 1.0.0 live 2 days, 1.1.0 one hour, 1.0.0 again 4 days 23 hours until 1.2.0.
    { slug: "production", median: 48 * hour, p90: (4 * 24 + 23) * hour },
  ]);
  expect(insights.flow.signoffWait).toEqual({ median: null, p90: null, count: 0 });
});

it("leaves out what happened outside the range, and a release deployed before it from lead time", async () => {
  await twoWeeks();
  const { insights } = await getProjectInsights(t.db, "shop", { from: at("04T09:30"), to: at("15T00:00") });
  // The rollback's redeploy of 1.0.0 (first deployed before the range) and 1.2.0.
  expect(insights.deploymentFrequency.total).toBe(2);
  expect(insights.leadTime.releases).toBe(1);
  expect(insights.leadTime.median).toBe(25 * hour);
});

/** A go-live signed off 2.5 hours after it was ready (arrived 09:00, smoke passed 10:00, approved 12:30). */
async function signedOff() {
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("01T09:00"));
  await givenProject(ctx, { slug: "pay", name: "Payments" }, [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", requiredSignoffs: 1, requiredChecks: ["smoke"] },
  ]);
  const owner = { ...ctx, actor: userActor("business_owner", "Ana") };
  await createRelease({ ctx, input: { project: "pay", version: "2.0.0" } });
  ctx.setNow(at("01T10:00"));
  await recordCheckResult({
    ctx,
    input: { project: "pay", version: "2.0.0", environment: "staging", check: "smoke", status: "passed" },
  });
  owner.setNow(at("01T12:30"));
  await signOff({
    ctx: owner,
    input: { project: "pay", version: "2.0.0", environment: "production", decision: "approve" },
  });
  ctx.setNow(at("01T13:00"));
  await moveRelease({ ctx, input: { project: "pay", version: "2.0.0", to: "production" } });
}

it("measures the sign-off wait from ready (arrived, required checks passed) to the last approval", async () => {
  await signedOff();
  const { insights } = await getProjectInsights(t.db, "pay", range);
  expect(insights.deploymentFrequency.total).toBe(1);
  expect(insights.flow.signoffWait).toEqual({ median: 2.5 * hour, p90: 2.5 * hour, count: 1 });
});

/** A go-live held by failing checks (1 h), the soak (1 h), a freeze (30 min) and a lock (1 h). */
async function gated() {
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("01T09:00"));
  await givenProject(ctx, { slug: "gate", name: "Gated" }, [
    { slug: "staging", name: "Staging" },
    {
      slug: "production",
      name: "Production",
      requiredChecks: ["smoke"],
      minSoakMinutes: 60,
      freezeWindows: [{ from: "2026-06-01T10:00:00Z", to: "2026-06-01T11:00:00Z", reason: "payroll" }],
    },
  ]);
  const input = { project: "gate", version: "3.0.0" };
  const step = async (when: string, work: () => Promise<unknown>) => {
    ctx.setNow(at(when));
    await work();
  };
  const smoke = (status: "passed" | "failed") =>
    recordCheckResult({ ctx, input: { ...input, environment: "staging", check: "smoke", status } });
  // Arrives in staging at 09:00: soaks until 10:00; smoke fails 09:30–10:30; so all else is met at
  // 10:30, when production is frozen (until 11:00) and locked (until 11:30). Live at 12:00.
  await step("01T09:00", () => createRelease({ ctx, input }));
  await step("01T09:30", () => smoke("failed"));
  await step("01T10:15", () =>
    lockEnvironment({ ctx, input: { project: "gate", environment: "production", reason: "db" } }),
  );
  await step("01T10:30", () => smoke("passed"));
  await step("01T11:30", () => unlockEnvironment({ ctx, input: { project: "gate", environment: "production" } }));
  await step("01T12:00", () => moveRelease({ ctx, input: { ...input, to: "production" } }));
}

it("measures how long each gate held a go-live: failing checks, soak, and a lock and freeze once the rest was met", async () => {
  await gated();
  const { insights } = await getProjectInsights(t.db, "gate", range);
  const gate = (kind: string) => insights.flow.gates.find((g) => g.gate === kind);
  expect(gate("checks")).toEqual({ gate: "checks", count: 1, of: 1, total: hour, median: hour, p90: hour });
  expect(gate("soak")).toEqual({ gate: "soak", count: 1, of: 1, total: hour, median: hour, p90: hour });
  expect(gate("freeze")).toEqual({ gate: "freeze", count: 1, of: 1, total: hour / 2, median: hour / 2, p90: hour / 2 });
  expect(gate("lock")).toEqual({ gate: "lock", count: 1, of: 1, total: hour, median: hour, p90: hour });
});

it("lists every project for the organisation, a project without deployments with no levels", async () => {
  await twoWeeks();
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("01T09:00"));
  await givenProject(ctx, { slug: "idle", name: "Idle" }, [{ slug: "dev", name: "Development" }]);
  const rows = await getOrganisationInsights(t.db, range);
  expect(rows.map((r) => r.project.slug)).toEqual(["idle", "shop"]);
  expect(rows[0]!.insights.deploymentFrequency).toMatchObject({ total: 0, level: null });
  expect(rows[0]!.insights.changeFailureRate.value).toBeNull();
});

it("computes each project of the organisation's table as its own page does, each with its own settings", async () => {
  // Read together in one query per kind of fact: projects with and without sign-offs, required
  // checks, soak, freeze and lock, and a one-environment pipeline (where a release's creation is its go-live).
  await twoWeeks();
  await signedOff();
  await gated();
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("05T09:00"));
  await givenProject(ctx, { slug: "solo", name: "Solo" }, [{ slug: "live", name: "Live" }]);
  await createRelease({ ctx, input: { project: "solo", version: "0.1.0", committedAt: "2026-06-05T08:00:00Z" } });
  const rows = await getOrganisationInsights(t.db, range);
  expect(rows.map((r) => r.project.slug)).toEqual(["gate", "pay", "shop", "solo"]);
  for (const row of rows)
    expect(row.insights).toEqual((await getProjectInsights(t.db, row.project.slug, range)).insights);
  const of = (slug: string) => rows.find((r) => r.project.slug === slug)!.insights;
  expect(of("pay").flow.signoffWait).toEqual({ median: 2.5 * hour, p90: 2.5 * hour, count: 1 });
  expect(of("gate").flow.gates.map((g) => [g.gate, g.total])).toEqual([
    ["checks", hour],
    ["soak", hour],
    ["freeze", hour / 2],
    ["lock", hour],
  ]);
  expect(of("gate").flow.signoffWait.count).toBe(0);
  expect(of("shop").deploymentFrequency.total).toBe(4);
  expect(of("shop").changeFailureRate).toMatchObject({ failed: 1, deployments: 4 });
  expect(of("solo").deploymentFrequency.total).toBe(1);
  expect(of("solo").leadTime).toMatchObject({ releases: 1, median: hour });
});

it("reuses the organisation's table only while nothing changed: a move shows at once", async () => {
  await twoWeeks();
  const before = await getOrganisationInsights(t.db, range);
  expect(await getOrganisationInsights(t.db, range)).toBe(before);
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("10T09:00"));
  await createRelease({ ctx, input: { project: "shop", version: "1.3.0" } });
  ctx.setNow(at("10T10:00"));
  await moveRelease({ ctx, input: { project: "shop", version: "1.3.0", to: "staging" } });
  ctx.setNow(at("11T09:00"));
  await moveRelease({ ctx, input: { project: "shop", version: "1.3.0", to: "production" } });
  const after = await getOrganisationInsights(t.db, range);
  expect(after).not.toBe(before);
  expect(after[0]!.insights.deploymentFrequency.total).toBe(before[0]!.insights.deploymentFrequency.total + 1);
  // A range as long ending a moment later, nothing changed since: the same table.
  const later = { from: new Date(range.from.getTime() + 5000), to: new Date(range.to.getTime() + 5000) };
  expect(await getOrganisationInsights(t.db, later)).toBe(after);
});

/**
 * Production with a deploy target: a go-live is its successful deploy report, not the move; a
 * failed report is a failed deployment, and recovery runs from it to the next successful one.
 */
it("counts deploy reports, not moves, where production has a deploy target, with known answers", async () => {
  const ctx = testContext(t.db, userActor("admin", "Ada"), at("01T09:00"));
  await givenProject(ctx, { slug: "shipped", name: "Shipped" }, [
    { slug: "staging", name: "Staging" },
    { slug: "production", name: "Production", deploy: { webhook: { url: "https://deploy.example.com/hook" } } },
  ]);
  const project = "shipped";
  const step = async (when: string, work: () => Promise<unknown>) => {
    ctx.setNow(at(when));
    await work();
  };
  const report = (version: string, status: "succeeded" | "failed") =>
    reportDeployment({ ctx, input: { project, version, environment: "production", status } });
  await step("01T09:00", () =>
    createRelease({ ctx, input: { project, version: "1.0.0", committedAt: "2026-05-31T09:00:00Z" } }),
  );
  await step("02T09:00", () => moveRelease({ ctx, input: { project, version: "1.0.0", to: "production" } }));
  await step("02T09:30", () => report("1.0.0", "succeeded"));
  await step("03T09:00", () => createRelease({ ctx, input: { project, version: "1.1.0" } }));
  await step("04T09:00", () => moveRelease({ ctx, input: { project, version: "1.1.0", to: "production" } }));
  await step("04T09:20", () => report("1.1.0", "failed"));
  await step("04T10:00", () => createRelease({ ctx, input: { project, version: "1.1.1" } }));
  await step("04T11:00", () => moveRelease({ ctx, input: { project, version: "1.1.1", to: "production" } }));
  await step("04T11:20", () => report("1.1.1", "succeeded"));

  const { insights } = await getProjectInsights(t.db, "shipped", range);
  // Two successful reports: 1.0.0 on the 2nd, 1.1.1 on the 4th; the failed 1.1.0 is not a go-live.
  expect(insights.deploymentFrequency).toMatchObject({ total: 2, perDay: 2 / 14, level: "high" });
  expect(insights.deploymentFrequency.perWeek.map((w) => w.count)).toEqual([2, 0, 0]);
  // 1.0.0: its commit to its successful report, 48 h 30 min; 1.1.1 (no commit time): created to report, 1 h 20 min.
  expect(insights.leadTime).toEqual({
    median: 80 * 60,
    p90: 48.5 * hour,
    level: "elite",
    releases: 2,
    withoutCommitTime: 1,
  });
  // Three attempts, one reported failed.
  expect(insights.changeFailureRate).toEqual({ value: 1 / 3, failed: 1, deployments: 3, level: "low" });
  // From 1.1.0's failure report (09:20) to 1.1.1's successful one (11:20).
  expect(insights.recoveryTime).toEqual({ median: 2 * hour, failures: 1, level: "high" });
  // Staging: a day each for 1.0.0 and 1.1.0, an hour for 1.1.1. Production: 1.0.0 from its move in
  // until 1.1.1's deploy replaced it live (1.1.0's failed deploy did not): 50 h 20 min.
  expect(insights.flow.environments).toEqual([
    { slug: "staging", median: 24 * hour, p90: 24 * hour },
    { slug: "production", median: 50 * hour + 20 * 60, p90: 50 * hour + 20 * 60 },
  ]);
});
