import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { releases, transitions } from "../../db/schema";
import { DomainError } from "../errors";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import { signOff } from "../services/sign-off";
import { moveRelease } from "../services/move-release";
import { runScheduledPromotions } from "../services/run-scheduled-promotions";
import { lockEnvironment } from "../services/lock-environment";
import { unlockEnvironment } from "../services/unlock-environment";
import { setTaskDone } from "../services/set-task-done";
import { abandonRelease } from "../services/abandon-release";
import { givenProject } from "../testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const admin = userActor("admin", "Ada Admin");
const manager = userActor("release_manager", "Rita Manager");
const ana = userActor("business_owner", "Ana", "user-ana");
const bob = userActor("business_owner", "Bob", "user-bob");

async function setUp(extra: { productionFreeze?: boolean } = {}) {
  // Friday 2026-06-05 12:00 London = 11:00 UTC.
  const ctx = testContext(t.db, admin, new Date("2026-06-05T11:00:00Z"));
  await givenProject(ctx, { slug: "checkout", name: "Checkout" }, [
    { slug: "dev", name: "Development", autoPromote: true },
    { slug: "qa", name: "QA", autoPromote: true, requiredChecks: ["unit", "lint"] },
    { slug: "staging", name: "Staging", autoPromote: true, requiredChecks: ["e2e"] },
    {
      slug: "production",
      name: "Production",
      autoPromote: true,
      requiredChecks: ["smoke"],
      requiredSignoffs: 2,
      freezeWindows: extra.productionFreeze
        ? [{ weekly: ["fri"], from: "15:00", to: "23:59", timeZone: "Europe/London" }]
        : [],
    },
  ]);
  return ctx;
}

const where = async (version: string) => {
  const row = (await first(t.db.select().from(releases).where(eq(releases.version, version))))!;
  return { state: row.state, env: row.environmentId };
};
const envId = async (slug: string) =>
  (await t.db.query.environments.findFirst({ where: (e, { eq }) => eq(e.slug, slug) }))!.id;

const pass = (ctx: Awaited<ReturnType<typeof setUp>>, version: string, environment: string, check: string) =>
  recordCheckResult({ ctx, input: { project: "checkout", version, environment, check, status: "passed" } });

describe("auto-promotion cascade", () => {
  it("moves dev → qa → staging by itself and waits for two sign-offs before Production", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "1.0.0" } });
    // QA auto-promotes from dev only once unit and lint passed in dev.
    expect((await where("1.0.0")).env).toBe(await envId("dev"));
    await pass(ctx, "1.0.0", "dev", "unit");
    expect((await where("1.0.0")).env).toBe(await envId("dev"));
    const result = await pass(ctx, "1.0.0", "dev", "lint");
    expect(result.autoPromoted.map((p) => p.to)).toEqual(["qa"]);
    await pass(ctx, "1.0.0", "qa", "e2e");
    expect((await where("1.0.0")).env).toBe(await envId("staging"));
    await pass(ctx, "1.0.0", "staging", "smoke");
    expect((await where("1.0.0")).env).toBe(await envId("staging"));

    await signOff({
      ctx: { ...ctx, actor: ana },
      input: { project: "checkout", version: "1.0.0", environment: "production", decision: "approve" },
    });
    expect((await where("1.0.0")).env).toBe(await envId("staging"));
    const second = await signOff({
      ctx: { ...ctx, actor: bob },
      input: { project: "checkout", version: "1.0.0", environment: "production", decision: "approve" },
    });
    expect(second.autoPromoted).toEqual([expect.objectContaining({ from: "staging", to: "production" })]);
    expect((await where("1.0.0")).env).toBe(await envId("production"));

    const kinds = (await t.db.select().from(transitions).orderBy(asc(transitions.id))).map(
      (r) => `${r.kind}:${r.actorName}`,
    );
    expect(kinds).toEqual([
      "create:Ada Admin",
      "auto-promote:Releaseboard",
      "auto-promote:Releaseboard",
      "auto-promote:Releaseboard",
    ]);
  });

  it("holds the approved release during a freeze and moves it when the freeze ends", async () => {
    const ctx = await setUp({ productionFreeze: true });
    await createRelease({ ctx, input: { project: "checkout", version: "2.0.0" } });
    await pass(ctx, "2.0.0", "dev", "unit");
    await pass(ctx, "2.0.0", "dev", "lint");
    await pass(ctx, "2.0.0", "qa", "e2e");
    await pass(ctx, "2.0.0", "staging", "smoke");
    // Friday 16:00 London: inside the freeze.
    ctx.setNow(new Date("2026-06-05T15:00:00Z"));
    await signOff({
      ctx: { ...ctx, actor: ana },
      input: { project: "checkout", version: "2.0.0", environment: "production", decision: "approve" },
    });
    const last = await signOff({
      ctx: { ...ctx, actor: bob },
      input: { project: "checkout", version: "2.0.0", environment: "production", decision: "approve" },
    });
    expect(last.autoPromoted).toEqual([]);
    expect((await where("2.0.0")).env).toBe(await envId("staging"));

    const during = await runScheduledPromotions({ ctx });
    expect(during.promoted).toEqual([]);
    // The freeze runs to the end of Friday, London time (23:00 UTC in summer).
    expect(during.nextWakeAt?.toISOString()).toBe("2026-06-05T23:00:00.000Z");

    ctx.setNow(new Date("2026-06-05T23:00:00Z"));
    const after = await runScheduledPromotions({ ctx });
    expect(after.promoted.map((p) => p.to)).toEqual(["production"]);
    expect((await where("2.0.0")).env).toBe(await envId("production"));
  });

  it("does not auto-promote while a rejection stands, and does once it is withdrawn", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "3.0.0" } });
    for (const [env, check] of [
      ["dev", "unit"],
      ["dev", "lint"],
      ["qa", "e2e"],
      ["staging", "smoke"],
    ] as const) {
      await pass(ctx, "3.0.0", env, check);
    }
    const sign = (actor: typeof ana, decision: "approve" | "reject", comment?: string) =>
      signOff({
        ctx: { ...ctx, actor },
        input: { project: "checkout", version: "3.0.0", environment: "production", decision, comment },
      });
    await sign(ana, "approve");
    await sign(bob, "reject", "Marketing launch is Monday");
    await sign(admin, "approve");
    expect((await where("3.0.0")).env).toBe(await envId("staging"));
    await sign(bob, "approve");
    expect((await where("3.0.0")).env).toBe(await envId("production"));
  });

  it("supersedes the live release when a new one reaches Production", async () => {
    const ctx = await setUp();
    for (const version of ["4.0.0", "4.1.0"]) {
      await createRelease({ ctx, input: { project: "checkout", version } });
      await moveRelease({
        ctx,
        input: { project: "checkout", version, to: "production", override: true, reason: "test set-up" },
      });
    }
    expect((await where("4.0.0")).state).toBe("superseded");
    expect(await where("4.1.0")).toEqual({ state: "active", env: await envId("production") });
    // Redeploy the previous version: a rollback that supersedes 4.1.0 in turn.
    const redeploy = await moveRelease({
      ctx,
      input: { project: "checkout", version: "4.0.0", to: "production", reason: "4.1.0 breaks checkout" },
    });
    expect(redeploy.transition.kind).toBe("rollback");
    expect((await where("4.0.0")).state).toBe("active");
    expect((await where("4.1.0")).state).toBe("superseded");
  });
});

describe("moves", () => {
  it("refuses a promotion past failing gates with every reason, and writes nothing", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "5.0.0" } });
    await recordCheckResult({
      ctx,
      input: { project: "checkout", version: "5.0.0", environment: "dev", check: "unit", status: "failed" },
    });
    const before = (await t.db.select().from(transitions)).length;
    const error = (await (async () => {
      try {
        await moveRelease({
          ctx: { ...ctx, actor: manager },
          input: { project: "checkout", version: "5.0.0", from: "dev", to: "qa" },
        });
      } catch (e) {
        return e;
      }
    })()) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe("GATES_FAILED");
    expect(error.details.gates?.map((g) => g.reason)).toEqual([
      "check unit failed in Development just now",
      "check lint has no result in Development yet",
    ]);
    expect((await t.db.select().from(transitions)).length).toBe(before);
  });

  it("lets an admin override failing gates and records which", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "6.0.0" } });
    const moved = await moveRelease({
      ctx,
      input: { project: "checkout", version: "6.0.0", from: "dev", to: "staging", override: true, reason: "hotfix" },
    });
    expect(moved.transition.overriddenGates).toEqual(["order", "checks"]);
    await expect(
      moveRelease({
        ctx: { ...ctx, actor: manager },
        input: { project: "checkout", version: "6.0.0", to: "production", override: true, reason: "x" },
      }),
    ).rejects.toThrow(/may not override gates/);
  });

  it("refuses a move whose expected environment is stale", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "7.0.0" } });
    await moveRelease({
      ctx,
      input: { project: "checkout", version: "7.0.0", from: "dev", to: "qa", override: true, reason: "x" },
    });
    await expect(
      moveRelease({ ctx, input: { project: "checkout", version: "7.0.0", from: "dev", to: "qa" } }),
    ).rejects.toThrow(/no longer in Development: it is in QA now \(promote by Ada Admin\)/);
  });

  it("needs a reason to roll back, and records it", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "8.0.0" } });
    await moveRelease({ ctx, input: { project: "checkout", version: "8.0.0", to: "qa", override: true, reason: "x" } });
    await expect(
      moveRelease({ ctx: { ...ctx, actor: manager }, input: { project: "checkout", version: "8.0.0", to: "dev" } }),
    ).rejects.toThrow(/needs a reason/);
    const back = await moveRelease({
      ctx: { ...ctx, actor: manager },
      input: { project: "checkout", version: "8.0.0", to: "dev", reason: "bad build" },
    });
    expect(back.transition).toMatchObject({ kind: "rollback", reason: "bad build", actorName: "Rita Manager" });
  });

  it("refuses moves into a locked environment until it is unlocked, which auto-promotes", async () => {
    const ctx = await setUp();
    await lockEnvironment({
      ctx: { ...ctx, actor: manager },
      input: { project: "checkout", environment: "qa", reason: "incident 42" },
    });
    await createRelease({ ctx, input: { project: "checkout", version: "9.0.0" } });
    await pass(ctx, "9.0.0", "dev", "unit");
    await pass(ctx, "9.0.0", "dev", "lint");
    expect((await where("9.0.0")).env).toBe(await envId("dev"));
    await expect(
      moveRelease({ ctx: { ...ctx, actor: manager }, input: { project: "checkout", version: "9.0.0", to: "qa" } }),
    ).rejects.toThrow(/QA is locked by Rita Manager: incident 42/);
    const unlocked = await unlockEnvironment({
      ctx: { ...ctx, actor: manager },
      input: { project: "checkout", environment: "qa" },
    });
    expect(unlocked.autoPromoted.map((p) => p.version)).toEqual(["9.0.0"]);
  });

  it("counts manual tasks by their latest tick", async () => {
    const ctx = await setUp();
    await givenProject(ctx, { slug: "tasks", name: "Tasks" }, [
      { slug: "dev", name: "Development" },
      { slug: "prod", name: "Production", autoPromote: true, manualTasks: ["Notify support"] },
    ]);
    await createRelease({ ctx, input: { project: "tasks", version: "1" } });
    const tick = (done: boolean) =>
      setTaskDone({
        ctx: { ...ctx, actor: manager },
        input: { project: "tasks", version: "1", environment: "prod", task: "Notify support", done },
      });
    expect((await tick(true)).autoPromoted.map((p) => p.to)).toEqual(["prod"]);
  });

  it("abandons a release and keeps its history", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "10.0.0" } });
    await abandonRelease({
      ctx: { ...ctx, actor: manager },
      input: { project: "checkout", version: "10.0.0", reason: "bad idea" },
    });
    expect((await where("10.0.0")).state).toBe("abandoned");
    await expect(moveRelease({ ctx, input: { project: "checkout", version: "10.0.0", to: "qa" } })).rejects.toThrow(
      /abandoned/,
    );
    expect((await t.db.select().from(transitions)).map((r) => r.kind)).toEqual(["create", "abandon"]);
  });
});
