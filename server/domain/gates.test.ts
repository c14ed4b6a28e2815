import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  autoPromotionAt,
  evaluateGates,
  nextTimedClear,
  type CheckFact,
  type CheckStatus,
  type GateFacts,
  type SignoffFact,
} from "./gates";
import type { PipelineEnvironment } from "./policy";
import { env, minutesAgo, now } from "./test-fixtures";

const release: GateFacts["release"] = {
  id: 1,
  version: "2.0.0",
  createdAt: minutesAgo(120),
  environmentId: 2,
  enteredAt: minutesAgo(60),
  held: null,
};

function facts(target: Partial<PipelineEnvironment>, more: Partial<GateFacts> = {}): GateFacts {
  return {
    release,
    current: [],
    pipeline: [env(1, "Development"), env(2, "Staging"), env(3, "Production", target)],
    checks: [],
    signoffs: [],
    tasks: [],
    locks: [],
    freezeWindows: new Map(),
    now,
    ...more,
  };
}

const gate = (f: GateFacts, name: string, targetId = 3) =>
  evaluateGates(f, targetId)!.items.filter((i) => i.gate === name);

describe("order", () => {
  it("is met for the next environment only", () => {
    expect(gate(facts({}), "order")[0]).toMatchObject({ met: true });
    const skipping = facts({}, { release: { ...release, environmentId: 1, enteredAt: minutesAgo(5) } });
    expect(gate(skipping, "order")[0]).toMatchObject({
      met: false,
      reason: "Promote to Staging first: releases move one stage at a time",
    });
    expect(gate(facts({}), "order", 1)[0]).toMatchObject({
      met: false,
      reason: expect.stringContaining("moving back is a rollback"),
    });
  });
});

describe("checks", () => {
  const check = (id: number, status: "passed" | "failed" | "running", environmentId = 2, minutes = 4) => ({
    id,
    environmentId,
    checkName: "e2e",
    status,
    createdAt: minutesAgo(minutes),
  });
  it("reads the latest result recorded in the previous environment", () => {
    expect(gate(facts({ requiredChecks: ["e2e"] }, { checks: [check(1, "passed")] }), "checks")[0]).toMatchObject({
      met: true,
      status: "passed",
    });
    expect(
      gate(facts({ requiredChecks: ["e2e"] }, { checks: [check(1, "passed"), check(2, "failed")] }), "checks")[0],
    ).toMatchObject({
      met: false,
      status: "failed",
      reason: "check e2e failed in Staging 4 minutes ago",
      clearedBy: "CI",
    });
    expect(
      gate(facts({ requiredChecks: ["e2e"] }, { checks: [check(2, "failed"), check(3, "passed")] }), "checks")[0]?.met,
    ).toBe(true);
  });
  it("ignores results recorded in other environments", () => {
    expect(gate(facts({ requiredChecks: ["e2e"] }, { checks: [check(1, "passed", 1)] }), "checks")[0]).toMatchObject({
      met: false,
      status: "missing",
      reason: "check e2e has no result in Staging yet",
    });
  });
  it("says when a check is still running", () => {
    expect(gate(facts({ requiredChecks: ["e2e"] }, { checks: [check(1, "running")] }), "checks")[0]?.reason).toBe(
      "check e2e is running in Staging (started 4 minutes ago)",
    );
  });
});

describe("checks with wildcards and matrix legs (README: Names)", () => {
  let nextId = 1;
  const leg = (checkName: string, status: CheckStatus, environmentId = 2) => ({
    id: nextId++,
    environmentId,
    checkName,
    status,
    createdAt: minutesAgo(3),
  });
  const wild = (checks: CheckFact[], required = ["build (*)"]) =>
    evaluateGates(facts({ requiredChecks: required }, { checks }), 3)!;

  it("is met when at least one leg has reported and every leg's latest result passed, listing each leg", () => {
    const green = wild([leg("build (ubuntu-latest, 20.x)", "passed"), leg("build (windows-latest, 20.x)", "passed")]);
    expect(green.allMet).toBe(true);
    expect(green.items.filter((i) => i.gate === "checks").map((i) => i.subject)).toEqual([
      "build (ubuntu-latest, 20.x)",
      "build (windows-latest, 20.x)",
    ]);
    const red = wild([leg("build (ubuntu-latest, 20.x)", "passed"), leg("build (windows-latest, 20.x)", "failed")]);
    expect(red.allMet).toBe(false);
    expect(red.failing).toEqual(["checks"]);
    expect(red.items.find((i) => !i.met)?.reason).toBe(
      "check build (windows-latest, 20.x) failed in Staging 3 minutes ago",
    );
  });

  it("is missing when no leg has reported, here or only elsewhere", () => {
    expect(wild([]).items.find((i) => i.gate === "checks")).toMatchObject({
      met: false,
      status: "missing",
      subject: "build (*)",
      reason: "no check matching build (*) has a result in Staging yet",
    });
    expect(wild([leg("build (a)", "passed", 1), leg("lint", "passed")]).allMet).toBe(false);
  });

  it("follows each leg's latest result", () => {
    expect(wild([leg("build (a)", "failed"), leg("build (a)", "passed")]).allMet).toBe(true);
    expect(wild([leg("build (a)", "passed"), leg("build (a)", "running")]).allMet).toBe(false);
  });

  it("lists a leg that two required patterns match once", () => {
    const both = wild([leg("build (a)", "passed")], ["build (*)", "build (a)"]);
    expect(both.items.filter((i) => i.gate === "checks")).toHaveLength(1);
  });

  it("lets a dashed required name meet the spaced name, the newest of the two counting", () => {
    expect(wild([leg("Build-and-test", "failed"), leg("Build and test", "passed")], ["Build-and-test"]).allMet).toBe(
      true,
    );
    expect(wild([leg("Build and test", "passed"), leg("Build-and-test", "failed")], ["Build-and-test"]).allMet).toBe(
      false,
    );
  });

  it("agrees with its definition for any legs and results (property)", () => {
    const names = ["build (a)", "build (b)", "build", "lint"] as const;
    const result = fc.record({
      name: fc.constantFrom(...names),
      status: fc.constantFrom<CheckStatus>("passed", "failed", "running"),
      environmentId: fc.constantFrom(1, 2),
    });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 12 }), fc.constantFrom("build (*)", "build*", "*"), (rows, pattern) => {
        const checks = rows.map((r, i) => ({ ...leg(r.name, r.status, r.environmentId), id: i + 1 }));
        const latest = new Map<string, CheckStatus>();
        for (const c of checks) if (c.environmentId === 2) latest.set(c.checkName, c.status);
        const glob = new RegExp(`^${pattern.replace("(", "\\(").replace(")", "\\)").replace("*", ".*")}$`);
        const legs = [...latest].filter(([name]) => glob.test(name));
        const expected = legs.length > 0 && legs.every(([, status]) => status === "passed");
        expect(wild(checks, [pattern]).allMet).toBe(expected);
      }),
    );
  });
});

describe("sign-offs", () => {
  const decide = (
    id: number,
    who: string,
    decision: "approve" | "reject",
    comment: string | null = null,
  ): SignoffFact => ({
    id,
    environmentId: 3,
    actorId: who,
    actorName: who,
    decision,
    comment,
    createdAt: minutesAgo(10 - id),
  });
  it("counts distinct people's latest approvals", () => {
    const one = facts(
      { requiredSignoffs: 2 },
      { signoffs: [decide(1, "Ana", "approve"), decide(2, "Ana", "approve")] },
    );
    expect(gate(one, "signoffs")[0]).toMatchObject({
      met: false,
      reason: "needs 2 sign-offs for Production, has 1 (Ana approved)",
    });
    const two = facts(
      { requiredSignoffs: 2 },
      { signoffs: [decide(1, "Ana", "approve"), decide(2, "Bob", "approve")] },
    );
    expect(gate(two, "signoffs")[0]?.met).toBe(true);
  });
  it("follows a decision that flips", () => {
    const flipped = facts(
      { requiredSignoffs: 1 },
      { signoffs: [decide(1, "Ana", "approve"), decide(2, "Ana", "reject", "not yet")] },
    );
    expect(gate(flipped, "signoffs")[0]).toMatchObject({
      met: false,
      reason: "rejected for Production by Ana: “not yet”",
      clearedBy: "Ana, by approving it instead",
    });
    const back = facts(
      { requiredSignoffs: 1 },
      { signoffs: [decide(1, "Ana", "reject", "no"), decide(2, "Ana", "approve")] },
    );
    expect(gate(back, "signoffs")[0]?.met).toBe(true);
  });
  it("lets any standing rejection block, even with enough approvals or none required", () => {
    const blocked = facts(
      { requiredSignoffs: 1 },
      { signoffs: [decide(1, "Ana", "approve"), decide(2, "Bob", "reject", "legal")] },
    );
    expect(gate(blocked, "signoffs")[0]?.met).toBe(false);
    expect(gate(facts({}, { signoffs: [decide(1, "Bob", "reject", "legal")] }), "signoffs")[0]?.met).toBe(false);
    expect(gate(facts({}), "signoffs")).toEqual([]);
  });
});

describe("manual tasks", () => {
  it("needs each task's latest tick to be done", () => {
    const task = (id: number, done: boolean) => ({
      id,
      environmentId: 3,
      taskName: "Notify support",
      done,
      actorName: "Rita",
    });
    expect(gate(facts({ manualTasks: ["Notify support"] }), "tasks")[0]).toMatchObject({
      met: false,
      reason: "Notify support: not done yet",
    });
    expect(gate(facts({ manualTasks: ["Notify support"] }, { tasks: [task(1, true)] }), "tasks")[0]?.met).toBe(true);
    expect(
      gate(facts({ manualTasks: ["Notify support"] }, { tasks: [task(1, true), task(2, false)] }), "tasks")[0]?.met,
    ).toBe(false);
  });
});

describe("soak", () => {
  it("waits the policy's minutes in the previous environment and says until when", () => {
    const soaking = facts({ minSoakMinutes: 90 });
    const [item] = gate(soaking, "soak");
    expect(item).toMatchObject({
      met: false,
      reason: "soaks in Staging until 12:30 UTC (30 minutes left)",
      clearedBy: "time",
    });
    expect(item?.clearsAt?.toISOString()).toBe("2026-06-01T12:30:00.000Z");
    expect(nextTimedClear(evaluateGates(soaking, 3)!)?.toISOString()).toBe("2026-06-01T12:30:00.000Z");
    expect(gate(facts({ minSoakMinutes: 60 }), "soak")[0]?.met).toBe(true);
  });
});

describe("freeze", () => {
  it("names when the freeze ends, in the window's time zone", () => {
    const frozen = facts(
      {},
      {
        freezeWindows: new Map([
          [3, [{ kind: "weekly", days: ["mon"], from: "09:00", to: "17:00", timeZone: "Europe/London" }]],
        ]),
      },
    );
    expect(gate(frozen, "freeze")[0]).toMatchObject({
      met: false,
      reason: "Production is frozen until Mon 17:00 Europe/London",
    });
  });
});

describe("lock", () => {
  it("names who locked and why", () => {
    const locked = facts(
      {},
      { locks: [{ environmentId: 3, reason: "incident 7", actorName: "Rita", createdAt: minutesAgo(3) }] },
    );
    expect(gate(locked, "lock")[0]).toMatchObject({ met: false, reason: "Production is locked by Rita: incident 7" });
    expect(gate(facts({}), "lock")).toEqual([]);
  });
});

it("lists failing gates in rule order and allMet only when none fail", () => {
  const evaluation = evaluateGates(
    facts(
      { requiredChecks: ["smoke"], minSoakMinutes: 120 },
      { locks: [{ environmentId: 3, reason: "x", actorName: "R", createdAt: now }] },
    ),
    3,
  )!;
  expect(evaluation.failing).toEqual(["checks", "soak", "lock"]);
  expect(evaluation.allMet).toBe(false);
  expect(nextTimedClear(evaluation)).toBeNull(); // a check and a lock do not clear with time
  expect(evaluateGates(facts({}), 3)!.allMet).toBe(true);
});

describe("newer-live", () => {
  const live = (version: string, createdAt = minutesAgo(30), id = 9) => ({
    id,
    version,
    createdAt,
    environmentId: 3,
    enteredAt: createdAt,
    heldByName: null,
  });

  it("refuses to promote into an environment where a newer release is live, naming it", () => {
    const older = facts({}, { current: [live("2.1.0")] });
    expect(gate(older, "newer-live")[0]).toMatchObject({
      met: false,
      subject: "2.1.0",
      reason: "2.1.0, newer, is live in Production: going back to 2.0.0 is a rollback",
    });
    expect(evaluateGates(older, 3)!.failing).toEqual(["newer-live"]);
  });

  it("uses semantic-version precedence, not creation order, when both are semver", () => {
    // 2.0.0 was built after 10.0.0 (a hotfix line), but 10.0.0 is newer.
    expect(gate(facts({}, { current: [live("10.0.0", minutesAgo(500))] }), "newer-live")[0]).toMatchObject({
      met: false,
    });
    expect(gate(facts({}, { current: [live("1.9.9", minutesAgo(1))] }), "newer-live")).toEqual([]);
    expect(gate(facts({}, { current: [live("2.0.0-rc.1", minutesAgo(1))] }), "newer-live")).toEqual([]);
  });

  it("falls back to creation order when a version is not semver", () => {
    const named = { ...release, version: "build-41" };
    expect(gate(facts({}, { release: named, current: [live("build-40", minutesAgo(500))] }), "newer-live")).toEqual([]);
    expect(
      gate(facts({}, { release: named, current: [live("build-42", minutesAgo(1))] }), "newer-live")[0],
    ).toMatchObject({ met: false });
  });

  it("says current, not live, for an environment before the last", () => {
    const staging = facts(
      {},
      { release: { ...release, environmentId: 1 }, current: [{ ...live("3.0.0"), environmentId: 2 }] },
    );
    expect(gate(staging, "newer-live", 2)[0]).toMatchObject({
      reason: "3.0.0, newer, is current in Staging: going back to 2.0.0 is a rollback",
    });
  });
});

describe("hold", () => {
  const held = facts(
    { autoPromote: true },
    { release: { ...release, held: { by: "Rita Patel", reason: "bad smoke in staging", at: minutesAgo(1) } } },
  );

  it("stops auto-promotion only, naming who held it and why", () => {
    expect(evaluateGates(held, 3, "system")!.items.find((i) => i.gate === "hold")).toMatchObject({
      met: false,
      reason: "Held after rollback by Rita Patel: bad smoke in staging",
    });
    expect(evaluateGates(held, 3, "system")!.allMet).toBe(false);
    expect(evaluateGates(held, 3, "person")!.allMet).toBe(true);
  });

  it("is no gate for auto-promotion when the target does not auto-promote anyway", () => {
    const manual = facts({ autoPromote: false }, { release: held.release });
    expect(evaluateGates(manual, 3, "system")!.failing).toEqual([]);
  });

  it("stops a CI token's promotion too: only a person undoes a rollback", () => {
    const manual = facts({ autoPromote: false }, { release: held.release });
    expect(evaluateGates(manual, 3, "token")!.failing).toEqual(["hold"]);
  });

  it("keeps automation from pushing a held release out of the environment it was rolled back into", () => {
    const rolledBack = {
      id: 7,
      version: "1.9.0",
      createdAt: minutesAgo(500),
      environmentId: 3,
      enteredAt: minutesAgo(5),
      heldByName: "Rita Patel",
    };
    // Production holds one release (the last environment's default capacity): entering supersedes it.
    const next = facts({ autoPromote: true }, { current: [rolledBack] });
    expect(evaluateGates(next, 3, "system")!.items.find((i) => i.gate === "hold")).toMatchObject({
      met: false,
      reason: "Production was rolled back to 1.9.0 by Rita Patel: only a person moves a release in now",
    });
    expect(evaluateGates(next, 3, "token")!.allMet).toBe(false);
    expect(evaluateGates(next, 3, "person")!.allMet).toBe(true);
    // Where there is room for both, nothing of the rollback is undone: no hold gate.
    const roomy = facts({ autoPromote: true, capacity: 3 }, { current: [rolledBack] });
    expect(evaluateGates(roomy, 3, "system")!.allMet).toBe(true);
  });

  it("is not a timed gate: a held release never auto-promotes when a freeze ends", () => {
    const frozenAndHeld = facts(
      { autoPromote: true },
      {
        release: held.release,
        freezeWindows: new Map([
          [3, [{ kind: "once", startsAt: minutesAgo(10), endsAt: new Date(now.getTime() + 3_600_000) }]],
        ]),
      },
    );
    expect(autoPromotionAt(evaluateGates(frozenAndHeld, 3, "system")!)).toBeNull();
  });
});

describe("autoPromotionAt", () => {
  it("says when a release auto-promotes by itself once a freeze ends", () => {
    const endsAt = new Date(now.getTime() + 3_600_000);
    const frozen = facts(
      { autoPromote: true },
      { freezeWindows: new Map([[3, [{ kind: "once", startsAt: minutesAgo(10), endsAt }]]]) },
    );
    expect(autoPromotionAt(evaluateGates(frozen, 3, "system")!)).toEqual({
      at: endsAt,
      because: "freeze",
      label: "auto-promotes Mon 13:00 UTC, when the freeze ends",
    });
    const manual = facts({ autoPromote: false }, { freezeWindows: frozen.freezeWindows });
    expect(autoPromotionAt(evaluateGates(manual, 3, "system")!)).toBeNull();
  });
});
