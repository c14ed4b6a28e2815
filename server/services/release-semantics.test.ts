import { writeTransaction as writeTx } from "../../db/client";
import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { auditEvents, releases, scheduledPromotions, transitions, users } from "../../db/schema";
import { DomainError } from "../errors";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { givenProject } from "../testing/fixtures";
import { cancelScheduledPromotion } from "./cancel-scheduled-promotion";
import { createRelease } from "./create-release";
import { moveRelease } from "./move-release";
import { recordCheckResult } from "./record-check-result";
import { releaseHold } from "./release-hold";
import { runScheduledPromotions } from "./run-scheduled-promotions";
import { schedulePromotion } from "./schedule-promotion";
import { getBoard } from "../queries/board";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const rita = userActor("release_manager", "Rita Patel", "user-rita");

type Policy = { autoPromote?: boolean; requiredChecks?: string[] };

/**
 * Dev → QA (by hand) → Staging (auto, e2e from QA) → Production (by hand, smoke from
 * Staging), each policy overridable per test.
 */
async function setUp(options: { freezeFrom?: string; qa?: Policy; production?: Policy } = {}) {
  // Monday 2026-06-01 09:00 UTC.
  const ctx = testContext(t.db, rita, new Date("2026-06-01T09:00:00Z"));
  await writeTx(t.db, async (tx) => {
    await tx
      .insert(users)
      .values({ id: "user-rita", name: "Rita Patel", email: "rita@example.com", role: "release_manager" });
  });
  await givenProject({ ...ctx, actor: userActor("admin") }, { slug: "checkout", name: "Checkout" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", ...options.qa },
    { slug: "staging", name: "Staging", autoPromote: true, requiredChecks: ["e2e"] },
    {
      slug: "production",
      name: "Production",
      requiredChecks: ["smoke"],
      freezeWindows: options.freezeFrom
        ? [{ from: options.freezeFrom, to: "2026-06-01T18:00:00Z", reason: "board meeting" }]
        : [],
      ...options.production,
    },
  ]);
  return ctx;
}

const release = async (version: string) =>
  (await first(t.db.select().from(releases).where(eq(releases.version, version))))!;
const envOf = async (version: string) => {
  const { environmentId } = await release(version);
  return (await t.db.query.environments.findFirst({ where: (e, { eq }) => eq(e.id, environmentId) }))!.slug;
};
const result = (
  ctx: Awaited<ReturnType<typeof setUp>>,
  version: string,
  environment: string,
  check: string,
  status: "passed" | "failed" = "passed",
) =>
  recordCheckResult({
    ctx: { ...ctx, actor: userActor("admin") },
    input: { project: "checkout", version, environment, check, status },
  });

async function refusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** A release in Staging whose QA checks pass, so Staging would take it back at once. */
async function inStaging(ctx: Awaited<ReturnType<typeof setUp>>, version: string) {
  await createRelease({ ctx, input: { project: "checkout", version } });
  await moveRelease({ ctx, input: { project: "checkout", version, to: "qa" } });
  await result(ctx, version, "qa", "e2e");
  expect(await envOf(version)).toBe("staging");
}

describe("a rollback holds the release", () => {
  it("stays in QA after a rollback, whatever results arrive, until someone releases the hold", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    const back = await moveRelease({
      ctx,
      input: { project: "checkout", version: "2.0.0", from: "staging", to: "qa", reason: "bad smoke in staging" },
    });
    expect(back.autoPromoted).toEqual([]);
    expect(await envOf("2.0.0")).toBe("qa");
    expect(await release("2.0.0")).toMatchObject({ heldByName: "Rita Patel", heldReason: "bad smoke in staging" });

    ctx.advance(5);
    expect((await result(ctx, "2.0.0", "qa", "e2e")).autoPromoted).toEqual([]);
    expect((await runScheduledPromotions({ ctx })).promoted).toEqual([]);
    expect(await envOf("2.0.0")).toBe("qa");

    // Releasing the hold lets auto-promotion take it, now its gates hold.
    const released = await releaseHold({ ctx, input: { project: "checkout", version: "2.0.0" } });
    expect(released.autoPromoted.map((p) => p.to)).toEqual(["staging"]);
    expect((await release("2.0.0")).heldAt).toBeNull();
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "release.hold_released"));
    expect(audit).toMatchObject([{ summary: "Rita Patel released the hold on 2.0.0 (held by Rita Patel)" }]);
    expect((await refusal(() => releaseHold({ ctx, input: { project: "checkout", version: "2.0.0" } }))).code).toBe(
      "CONFLICT",
    );
  });

  it("ends when a person promotes the release forward, with its gates", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    await moveRelease({ ctx, input: { project: "checkout", version: "2.0.0", to: "qa", reason: "flaky" } });
    const forward = await moveRelease({
      ctx,
      input: { project: "checkout", version: "2.0.0", from: "qa", to: "staging" },
    });
    expect(forward.transition.kind).toBe("promote");
    expect((await release("2.0.0")).heldAt).toBeNull();
  });

  it("holds a redeployed previous version in the last environment too", async () => {
    const ctx = await setUp();
    for (const version of ["1.0.0", "1.1.0"]) {
      await inStaging(ctx, version);
      await result(ctx, version, "staging", "smoke");
      await moveRelease({ ctx, input: { project: "checkout", version, to: "production" } });
    }
    expect((await release("1.0.0")).state).toBe("superseded");
    const redeploy = await moveRelease({
      ctx,
      input: {
        project: "checkout",
        version: "1.0.0",
        from: "production",
        to: "production",
        reason: "1.1.0 breaks checkout",
      },
    });
    expect(redeploy.transition.kind).toBe("rollback");
    expect(await release("1.0.0")).toMatchObject({ state: "active", heldReason: "1.1.0 breaks checkout" });
    // The activity reads as what happened, not "from Production to Production"; what the rollback
    // pushed out says it was rolled back, not merely superseded by something newer.
    const moved = await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "release.moved"));
    expect(moved.map((e) => e.summary)).toContain("Rita Patel rolled Production back to 1.0.0");
    expect(moved.map((e) => e.summary).join("\n")).not.toMatch(/from Production to Production/);
    const pushedOut = await t.db
      .select()
      .from(transitions)
      .where(eq(transitions.releaseId, (await release("1.1.0")).id));
    expect(pushedOut.at(-1)).toMatchObject({
      kind: "supersede",
      reason: "Production rolled back to 1.0.0 by Rita Patel",
    });
    expect((await getBoard(t.db, "checkout")).columns.at(-1)!.previous).toContainEqual(
      expect.objectContaining({ version: "1.1.0", why: "Production rolled back to 1.0.0 by Rita Patel" }),
    );
  });
});

describe("a rolled-back environment", () => {
  it("is not undone by automation: no auto-promotion supersedes the held release, and earlier schedules into it are cancelled", async () => {
    const ctx = await setUp({ production: { autoPromote: true } });
    for (const version of ["1.9.0", "2.0.0"]) {
      await inStaging(ctx, version);
      await result(ctx, version, "staging", "smoke");
    }
    expect(await envOf("2.0.0")).toBe("production");
    await inStaging(ctx, "2.1.0");
    await schedulePromotion({
      ctx,
      input: { project: "checkout", version: "2.1.0", to: "production", at: "2026-06-01T12:00:00Z" },
    });
    await moveRelease({
      ctx,
      input: {
        project: "checkout",
        version: "1.9.0",
        from: "production",
        to: "production",
        reason: "2.0.0 loses orders",
      },
    });
    expect(await release("1.9.0")).toMatchObject({ state: "active", heldReason: "2.0.0 loses orders" });
    expect(await first(t.db.select().from(scheduledPromotions))).toMatchObject({
      state: "cancelled",
      outcome: "Production was rolled back to 1.9.0 by Rita Patel",
    });

    // 2.1.0's last check passes: Production auto-promotes, but not over a person's rollback.
    const passed = await result(ctx, "2.1.0", "staging", "smoke");
    expect(passed.autoPromoted).toEqual([]);
    expect((await release("1.9.0")).state).toBe("active");
    // A person may.
    await moveRelease({ ctx, input: { project: "checkout", version: "2.1.0", from: "staging", to: "production" } });
    expect((await release("1.9.0")).state).toBe("superseded");
  });

  it("refuses a CI token's promotion of a held release: only a person undoes a rollback", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    await moveRelease({ ctx, input: { project: "checkout", version: "2.0.0", to: "qa", reason: "flaky" } });
    const token = {
      type: "token" as const,
      id: "token-1",
      name: "deployer",
      projectId: (await release("2.0.0")).projectId,
      scope: "promote" as const,
    };
    const refused = await refusal(() =>
      moveRelease({ ctx: { ...ctx, actor: token }, input: { project: "checkout", version: "2.0.0", to: "staging" } }),
    );
    expect(refused.details.gates?.map((g) => g.gate)).toEqual(["hold"]);
    expect(await envOf("2.0.0")).toBe("qa");
  });
});

describe("no silent downgrade", () => {
  it("never auto-promotes an older release over a newer one", async () => {
    const ctx = await setUp();
    await createRelease({ ctx, input: { project: "checkout", version: "1.0.0" } });
    await createRelease({ ctx, input: { project: "checkout", version: "1.1.0" } });
    for (const version of ["1.0.0", "1.1.0"])
      await moveRelease({ ctx, input: { project: "checkout", version, to: "qa" } });
    await result(ctx, "1.1.0", "qa", "e2e");
    expect(await envOf("1.1.0")).toBe("staging");
    expect((await result(ctx, "1.0.0", "qa", "e2e")).autoPromoted).toEqual([]);
    expect(await envOf("1.0.0")).toBe("qa");
  });

  it("lets an older release go on by itself once the newer one ahead of it has moved on", async () => {
    const ctx = await setUp({ qa: { autoPromote: true, requiredChecks: ["unit"] } });
    for (const version of ["1.0.0", "1.1.0"]) await createRelease({ ctx, input: { project: "checkout", version } });
    await result(ctx, "1.1.0", "dev", "unit");
    expect((await result(ctx, "1.0.0", "dev", "unit")).autoPromoted).toEqual([]);
    // 1.1.0 leaves QA for Staging: nothing newer holds 1.0.0 back any more.
    expect((await result(ctx, "1.1.0", "qa", "e2e")).autoPromoted.map((p) => p.to)).toEqual(["staging"]);
    expect(await envOf("1.0.0")).toBe("qa");
  });

  it("refuses to promote an older release where a newer one is live, naming it; a rollback with a reason goes", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    await result(ctx, "2.0.0", "staging", "smoke");
    await moveRelease({ ctx, input: { project: "checkout", version: "2.0.0", to: "production" } });
    await inStaging(ctx, "1.0.0");
    await result(ctx, "1.0.0", "staging", "smoke");

    const refused = await refusal(() =>
      moveRelease({ ctx, input: { project: "checkout", version: "1.0.0", from: "staging", to: "production" } }),
    );
    expect(refused.code).toBe("GATES_FAILED");
    expect(refused.details.gates).toMatchObject([
      { gate: "newer-live", reason: "2.0.0, newer, is live in Production: going back to 1.0.0 is a rollback" },
    ]);
    const overridden = await refusal(() =>
      moveRelease({
        ctx: { ...ctx, actor: userActor("admin") },
        input: { project: "checkout", version: "1.0.0", to: "production", override: true, reason: "x" },
      }),
    );
    expect(overridden.details.gates?.map((g) => g.gate)).toEqual(["newer-live"]);
    expect(
      (
        await refusal(() =>
          moveRelease({ ctx, input: { project: "checkout", version: "1.0.0", to: "production", rollback: true } }),
        )
      ).code,
    ).toBe("INVALID");

    const back = await moveRelease({
      ctx,
      input: {
        project: "checkout",
        version: "1.0.0",
        from: "staging",
        to: "production",
        rollback: true,
        reason: "2.0.0 breaks payments",
      },
    });
    expect(back.transition.kind).toBe("rollback");
    expect(await envOf("1.0.0")).toBe("production");
    expect((await release("2.0.0")).state).toBe("superseded");
    expect((await release("1.0.0")).heldReason).toBe("2.0.0 breaks payments");
  });

  it("refuses a 'rollback' forward when nothing newer is there", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "1.0.0");
    const refused = await refusal(() =>
      moveRelease({
        ctx,
        input: { project: "checkout", version: "1.0.0", to: "production", rollback: true, reason: "x" },
      }),
    );
    expect(refused.message).toBe("Nothing newer than 1.0.0 is in Production: promote it instead of rolling back");
  });
});

describe("scheduled promotions", () => {
  it("promotes at the scheduled time, as the person who scheduled it", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    await result(ctx, "2.0.0", "staging", "smoke");
    const at = new Date("2026-06-01T10:00:00Z");
    await schedulePromotion({
      ctx,
      input: { project: "checkout", version: "2.0.0", to: "production", at: at.toISOString() },
    });

    const early = await runScheduledPromotions({ ctx });
    expect(early.scheduled).toEqual([]);
    expect(early.nextWakeAt).toEqual(at);
    ctx.setNow(at);
    expect((await runScheduledPromotions({ ctx })).scheduled).toEqual([
      { version: "2.0.0", to: "production", outcome: "done" },
    ]);
    expect(await envOf("2.0.0")).toBe("production");
    const last = (await t.db.select().from(transitions).orderBy(asc(transitions.id))).at(-1)!;
    expect(last).toMatchObject({
      kind: "promote",
      actorName: "Rita Patel",
      reason: "scheduled by Rita Patel for Mon 10:00 UTC",
    });
    expect(await first(t.db.select().from(scheduledPromotions))).toMatchObject({ state: "done" });
  });

  it("does not move into a freeze, and keeps the reason", async () => {
    const ctx = await setUp({ freezeFrom: "2026-06-01T09:30:00Z" });
    await inStaging(ctx, "2.0.0");
    await result(ctx, "2.0.0", "staging", "smoke");
    await schedulePromotion({
      ctx,
      input: { project: "checkout", version: "2.0.0", to: "production", at: "2026-06-01T10:00:00Z" },
    });
    ctx.setNow(new Date("2026-06-01T10:00:00Z"));
    const run = await runScheduledPromotions({ ctx });
    expect(run.scheduled).toMatchObject([
      { outcome: "failed", reason: expect.stringContaining("Production is frozen until") },
    ]);
    expect(await envOf("2.0.0")).toBe("staging");
    expect(await first(t.db.select().from(scheduledPromotions))).toMatchObject({
      state: "failed",
      outcome: expect.stringContaining("frozen"),
    });
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.kind, "promotion.schedule_failed"))).toHaveLength(
      1,
    );
  });

  it("can be cancelled, replaced, and refuses times in the past or other targets", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    const input = { project: "checkout", version: "2.0.0", to: "production", at: "2026-06-01T10:00:00Z" };
    await schedulePromotion({ ctx, input });
    await schedulePromotion({ ctx, input: { ...input, at: "2026-06-01T11:00:00Z" } });
    expect((await t.db.select().from(scheduledPromotions)).map((s) => s.state)).toEqual(["cancelled", "pending"]);
    await cancelScheduledPromotion({ ctx, input: { project: "checkout", version: "2.0.0" } });
    expect(
      (await refusal(() => cancelScheduledPromotion({ ctx, input: { project: "checkout", version: "2.0.0" } }))).code,
    ).toBe("CONFLICT");
    expect(
      (await refusal(() => schedulePromotion({ ctx, input: { ...input, at: "2026-06-01T08:00:00Z" } }))).message,
    ).toBe("at: must be in the future");
    expect((await refusal(() => schedulePromotion({ ctx, input: { ...input, to: "qa" } }))).code).toBe("INVALID");
    expect((await refusal(() => schedulePromotion({ ctx, input: { ...input, at: "next monday" } }))).code).toBe(
      "INVALID",
    );
    expect((await refusal(() => schedulePromotion({ ctx: { ...ctx, actor: userActor("viewer") }, input }))).code).toBe(
      "FORBIDDEN",
    );
    ctx.setNow(new Date("2026-06-01T12:00:00Z"));
    expect((await runScheduledPromotions({ ctx })).scheduled).toEqual([]);
  });

  it("is settled when the release moves first, and fails when its author can no longer move releases", async () => {
    const ctx = await setUp();
    await inStaging(ctx, "2.0.0");
    await result(ctx, "2.0.0", "staging", "smoke");
    await schedulePromotion({
      ctx,
      input: { project: "checkout", version: "2.0.0", to: "production", at: "2026-06-01T10:00:00Z" },
    });
    await moveRelease({ ctx, input: { project: "checkout", version: "2.0.0", to: "qa", reason: "hotfix first" } });
    expect(await first(t.db.select().from(scheduledPromotions))).toMatchObject({
      state: "cancelled",
      outcome: "the release was rolled back before the scheduled time",
    });

    await moveRelease({ ctx, input: { project: "checkout", version: "2.0.0", to: "staging" } });
    await schedulePromotion({
      ctx,
      input: { project: "checkout", version: "2.0.0", to: "production", at: "2026-06-01T10:30:00Z" },
    });
    await writeTx(t.db, async (tx) => {
      await tx.update(users).set({ role: "viewer" }).where(eq(users.id, "user-rita"));
    });
    ctx.setNow(new Date("2026-06-01T10:30:00Z"));
    expect((await runScheduledPromotions({ ctx })).scheduled).toMatchObject([
      { outcome: "failed", reason: expect.stringContaining("You may not move releases") },
    ]);
    expect(await envOf("2.0.0")).toBe("staging");
  });
});
