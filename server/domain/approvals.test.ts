import { describe, expect, it } from "vitest";
import { evaluateGates, type GateFacts, type SignoffFact } from "./gates";
import { approvalRefusal, promoterRefusal, type DutyFact, type TeamFact } from "./approvals";
import type { PipelineEnvironment } from "./policy";
import type { Role } from "./permissions";
import { env, minutesAgo, now } from "./test-fixtures";

/** README: Teams and protected environments, as pure rules. */

const member = (id: string, name: string, role: Role = "business_owner", active = true) => ({ id, name, role, active });
const teams = new Map<string, TeamFact>([
  ["finance", { slug: "finance", name: "Finance", members: [member("ana", "Ana Lopez"), member("ben", "Ben Ode")] }],
  ["product", { slug: "product", name: "Product", members: [member("ana", "Ana Lopez"), member("pia", "Pia Park")] }],
  ["engineering", { slug: "engineering", name: "Engineering", members: [member("eve", "Eve Eng")] }],
  ["sre", { slug: "sre", name: "SRE", members: [member("sam", "Sam Ops", "release_manager")] }],
]);

const release: GateFacts["release"] = {
  id: 1,
  version: "2.12.0",
  createdAt: minutesAgo(120),
  environmentId: 2,
  enteredAt: minutesAgo(60),
  held: null,
};

const approve = (id: number, actorId: string, actorName: string, decision: "approve" | "reject" = "approve") =>
  ({
    id,
    environmentId: 3,
    actorId,
    actorName,
    decision,
    comment: null,
    createdAt: minutesAgo(5),
  }) satisfies SignoffFact;

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
    teams,
    duties: [],
    now,
    ...more,
  };
}

const signoffItems = (f: GateFacts) => evaluateGates(f, 3)!.items.filter((i) => i.gate === "signoffs");
const twoRules = {
  approvals: [
    { team: "finance", count: 1 },
    { team: "product", count: 1 },
  ],
};
const promotedBy = (actorId: string, actorName: string): DutyFact => ({
  actorId,
  actorName,
  kind: "promoted",
  version: "2.12.0",
  environmentId: 2,
});

describe("approvals: every rule must be met", () => {
  it("says what is missing and who can give it", () => {
    expect(signoffItems(facts(twoRules))).toMatchObject([
      {
        subject: "finance",
        met: false,
        reason: "needs 1 from Finance for Production (Ana Lopez, Ben Ode can approve)",
        clearedBy: "Finance: Ana Lopez, Ben Ode",
      },
      {
        subject: "product",
        met: false,
        reason: "needs 1 from Product for Production (Ana Lopez, Pia Park can approve)",
      },
    ]);
  });

  it("counts one approval toward every rule whose team the signer is in, replacing requiredSignoffs", () => {
    const f = facts({ ...twoRules, requiredSignoffs: 5 }, { signoffs: [approve(1, "ana", "Ana Lopez")] });
    expect(signoffItems(f).map((i) => [i.met, i.reason])).toEqual([
      [true, "1 of 1 from Finance for Production (Ana Lopez approved)"],
      [true, "1 of 1 from Product for Production (Ana Lopez approved)"],
    ]);
    expect(evaluateGates(f, 3)!.allMet).toBe(true);
  });

  it("never counts one person twice in one rule", () => {
    const rule = { approvals: [{ team: "finance", count: 2 }] };
    const twice = facts(rule, { signoffs: [approve(1, "ana", "Ana Lopez"), approve(2, "ana", "Ana Lopez")] });
    expect(signoffItems(twice)[0]).toMatchObject({
      met: false,
      reason: "needs 1 more from Finance for Production (Ana Lopez approved; Ben Ode can approve)",
    });
    const both = facts(rule, { signoffs: [approve(1, "ana", "Ana Lopez"), approve(2, "ben", "Ben Ode")] });
    expect(signoffItems(both)[0]?.met).toBe(true);
  });

  it("does not count someone outside the rule's teams, nor a member who may no longer sign off", () => {
    const outsider = facts(twoRules, { signoffs: [approve(1, "eve", "Eve Eng")] });
    expect(signoffItems(outsider)[0]).toMatchObject({
      met: false,
      reason: expect.stringContaining("Eve Eng's approval does not count: not in a team that approves Production"),
    });
    const demoted = new Map(teams);
    demoted.set("finance", { slug: "finance", name: "Finance", members: [member("ana", "Ana Lopez", "viewer")] });
    const viewer = facts(
      { approvals: [{ team: "finance", count: 1 }] },
      { teams: demoted, signoffs: [approve(1, "ana", "Ana Lopez")] },
    );
    expect(signoffItems(viewer)[0]).toMatchObject({
      met: false,
      reason: expect.stringContaining("nobody in Finance can approve it"),
    });
  });

  it("a rejection from a rule's team blocks; one from outside counts for nothing", () => {
    const rejected = facts(twoRules, {
      signoffs: [approve(1, "ana", "Ana Lopez"), approve(2, "pia", "Pia Park", "reject")],
    });
    expect(signoffItems(rejected)).toMatchObject([{ met: false, reason: "rejected for Production by Pia Park" }]);
    const outside = facts(twoRules, {
      signoffs: [approve(1, "ana", "Ana Lopez"), approve(2, "eve", "Eve Eng", "reject")],
    });
    expect(evaluateGates(outside, 3)!.allMet).toBe(true);
  });
});

describe("separateDuties", () => {
  it("an approval by someone who moved the release does not count, admins included", () => {
    const duties = [promotedBy("ana", "Ana Lopez")];
    const f = facts({ ...twoRules, separateDuties: true }, { duties, signoffs: [approve(1, "ana", "Ana Lopez")] });
    expect(signoffItems(f)[0]).toMatchObject({
      met: false,
      reason:
        "needs 1 from Finance for Production (Ben Ode can approve); Ana Lopez's approval does not count: Ana Lopez promoted 2.12.0 to Staging (separation of duties)",
    });
    const admin = facts(
      { requiredSignoffs: 1, separateDuties: true },
      { duties: [promotedBy("root", "Ada Admin")], signoffs: [approve(1, "root", "Ada Admin")] },
    );
    expect(signoffItems(admin)[0]).toMatchObject({ met: false, reason: expect.stringMatching(/^needs 1 sign-off/) });
  });

  it("without separateDuties, the same approval counts", () => {
    const f = facts(
      { requiredSignoffs: 1 },
      { duties: [promotedBy("ana", "Ana Lopez")], signoffs: [approve(1, "ana", "Ana Lopez")] },
    );
    expect(evaluateGates(f, 3)!.allMet).toBe(true);
  });
});

describe("who may sign off, in words", () => {
  const target = env(3, "Production", { ...twoRules, separateDuties: true });
  const pipeline = [env(1, "Development"), env(2, "Staging"), target];
  it("names the teams that may approve, and the person's own", () => {
    expect(
      approvalRefusal(
        target,
        { id: "eve", teams: [{ slug: "engineering", name: "Engineering" }] },
        { teams, duties: [], pipeline },
      ),
    ).toBe("Only Finance or Product may approve Production; you are in Engineering");
    expect(approvalRefusal(target, { id: "x", teams: [] }, { teams, duties: [], pipeline })).toBe(
      "Only Finance or Product may approve Production; you are in no team",
    );
  });
  it("names what the person did to the release", () => {
    expect(
      approvalRefusal(
        target,
        { id: "ana", teams: [{ slug: "finance", name: "Finance" }] },
        { teams, duties: [promotedBy("ana", "Ana")], pipeline },
      ),
    ).toBe("You promoted 2.12.0 to Staging: separation of duties");
    expect(
      approvalRefusal(
        target,
        { id: "ana", teams: [{ slug: "finance", name: "Finance" }] },
        { teams, duties: [], pipeline },
      ),
    ).toBeNull();
  });
});

describe("promoters", () => {
  const target = env(3, "Production", { promoters: ["sre"] });
  it("lets release managers of the named teams in and says why to others", () => {
    const sam = {
      type: "user" as const,
      id: "sam",
      name: "Sam",
      role: "release_manager" as const,
      teams: [{ slug: "sre", name: "SRE" }],
    };
    const eve = { ...sam, id: "eve", teams: [{ slug: "engineering", name: "Engineering" }] };
    expect(promoterRefusal(target, sam, teams)).toBeNull();
    expect(promoterRefusal(target, eve, teams)).toBe(
      "Only release managers in SRE may move releases into Production; you are in Engineering",
    );
    expect(promoterRefusal(target, { type: "token", name: "ci" }, teams)).toBe(
      "Only release managers in SRE may move releases into Production; a CI token is in no team",
    );
    expect(promoterRefusal(target, { type: "system" }, teams)).toBeNull();
    expect(promoterRefusal(env(3, "Production"), eve, teams)).toBeNull();
  });
  it("is a gate when someone asks to move, and absent from the board's checklist", () => {
    const asker = {
      type: "user" as const,
      id: "eve",
      name: "Eve",
      role: "release_manager" as const,
      teams: [] as { slug: string; name: string }[],
    };
    expect(evaluateGates(facts({ promoters: ["sre"] }, { asker }), 3)!).toMatchObject({
      allMet: false,
      failing: ["promoters"],
    });
    expect(evaluateGates(facts({ promoters: ["sre"] }), 3)!.allMet).toBe(true);
  });
});

describe("met approval rules never open another gate", () => {
  const met = { ...twoRules, separateDuties: true };
  const approved = { signoffs: [approve(1, "ana", "Ana Lopez")] };
  const cases: [string, Partial<PipelineEnvironment>, Partial<GateFacts>, string][] = [
    ["soak", { minSoakMinutes: 120 }, {}, "soak"],
    [
      "freeze",
      {},
      {
        freezeWindows: new Map([
          [3, [{ kind: "once", startsAt: minutesAgo(10), endsAt: minutesAgo(-60), reason: null }]],
        ]),
      },
      "freeze",
    ],
    [
      "lock",
      {},
      { locks: [{ environmentId: 3, reason: "incident", actorName: "Sam", createdAt: minutesAgo(1) }] },
      "lock",
    ],
    [
      "newer-live",
      {},
      {
        current: [
          {
            id: 9,
            version: "2.13.0",
            createdAt: minutesAgo(30),
            environmentId: 3,
            enteredAt: minutesAgo(5),
            heldByName: null,
          },
        ],
      },
      "newer-live",
    ],
    [
      "hold (for automation)",
      { autoPromote: true },
      { release: { ...release, held: { by: "Sam", reason: "bad", at: minutesAgo(3) } } },
      "hold",
    ],
  ];
  it.each(cases)("%s still stops the move", (_, policy, more, gate) => {
    const f = facts({ ...met, ...policy }, { ...approved, ...more });
    const evaluation = evaluateGates(f, 3, gate.startsWith("hold") ? "system" : "person")!;
    expect(evaluation.items.filter((i) => i.gate === "signoffs").every((i) => i.met)).toBe(true);
    expect(evaluation.allMet).toBe(false);
    expect(evaluation.failing).toEqual([gate]);
  });
});
