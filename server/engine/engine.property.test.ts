import { first } from "../../db/client";
import fc from "fast-check";
import { expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { environments, releases, transitions, type Release } from "../../db/schema";
import { DomainError } from "../errors";
import { createTestDb, testContext, userActor } from "../testing/test-db";
import type { ServiceContext } from "../services/context";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { lockEnvironment } from "../services/lock-environment";
import { moveRelease } from "../services/move-release";
import { recordCheckResult } from "../services/record-check-result";
import { signOff } from "../services/sign-off";
import { unlockEnvironment } from "../services/unlock-environment";
import { abandonRelease } from "../services/abandon-release";
import { releaseHold } from "../services/release-hold";
import { schedulePromotion } from "../services/schedule-promotion";
import type { EnvironmentFile } from "../domain/pipeline-file";
import { insertUser } from "../services/add-user";
import { createTeam } from "../services/create-team";
import { addTeamMembers } from "../services/add-team-members";

/**
 * Model-based test of the promotion engine: random sequences of results, sign-offs,
 * locks, policy edits and moves run against the real verbs on a real database, while a
 * simple model keeps the facts the gates read. After every step the invariants of
 * README "How releases move" must hold.
 */

const slugs = ["dev", "qa", "staging", "prod"] as const;
/** "e2e (a)" and "e2e (b)" are the legs of a matrix that "e2e (*)" requires (README: Names). */
const checkNames = ["unit", "e2e (a)", "e2e (b)"] as const;
const requirable = ["unit", "e2e (*)", "e2e (a)"] as const;
const people = ["ana", "bob", "cem"] as const;
type Person = (typeof people)[number];
/** Teams (README: Teams and protected environments): Ana is in two; Cem, an admin, is in Product and in SRE. */
const teamsOf: Record<Person, string[]> = { ana: ["finance", "product"], bob: ["finance"], cem: ["product", "sre"] };
const approvalRuleSets = [
  [],
  [{ team: "finance", count: 1 }],
  [{ team: "finance", count: 2 }],
  [
    { team: "finance", count: 1 },
    { team: "product", count: 1 },
  ],
] as const;

type Policy = Pick<
  EnvironmentFile,
  "autoPromote" | "requiredChecks" | "requiredSignoffs" | "capacity" | "approvals" | "separateDuties" | "promoters"
> & { frozen?: boolean };

type Model = {
  policies: Policy[];
  checks: Map<string, string>;
  decisions: Map<string, Map<Person, "approve" | "reject">>;
  locked: Set<number>;
  versions: string[];
  /** Releases rolled back and not yet moved forward by a person or released. */
  held: Set<string>;
  /** Who of `people` moved each release (for separateDuties). */
  duties: Map<string, Set<Person>>;
};

type Real = {
  ctx: ServiceContext & { advance: (m: number) => void };
  db: ServiceContext["db"];
  seenTransitions: number;
};

const admin = userActor("admin", "Admin");
const manager = userActor("release_manager", "Manager");
const roleOf = (name: Person) => (name === "cem" ? "admin" : "business_owner");
const owner = (name: Person) => userActor(roleOf(name), name, `user-${name}`);

function pipelineFile(model: Model) {
  return {
    project: "prop",
    name: "Property",
    environments: slugs.map((slug, i) => {
      const { frozen, ...policy } = model.policies[i]!;
      // A frozen environment has a window that covers the whole run.
      const freezeWindows = frozen ? [{ from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z" }] : [];
      return { slug, name: slug.toUpperCase(), ...policy, freezeWindows };
    }),
  };
}

const envIndex = async (db: Real["db"]) => {
  const rows = await db.select().from(environments).orderBy(asc(environments.position));
  return (id: number) => rows.findIndex((e) => e.id === id);
};

/** Versions are not semver here, so "newer" is creation order: the higher id. */
const newerIsIn = async (db: Real["db"], release: Release, to: number) => {
  const indexOf = await envIndex(db);
  return (await db.select().from(releases).where(eq(releases.state, "active"))).some(
    (r) => r.id > release.id && indexOf(r.environmentId) === to,
  );
};

/** Automation may not push out of an environment a release held there after a rollback. */
const wouldSupersedeHeld = async (model: Model, db: Real["db"], release: Release, to: number) => {
  const indexOf = await envIndex(db);
  const capacity = model.policies[to]!.capacity ?? (to === slugs.length - 1 ? 1 : null);
  if (capacity === null) return false;
  const there = (await db.select().from(releases).where(eq(releases.state, "active")))
    .filter((r) => r.id !== release.id && indexOf(r.environmentId) === to)
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.id - b.id);
  return there.slice(0, Math.max(0, there.length + 1 - capacity)).some((r) => model.held.has(r.version));
};

/**
 * Whether `who` may decide on `version` entering `to` now: in a team of one of its approval
 * rules (when it has any), and, with separateDuties, never having moved the release.
 */
function mayDecide(model: Model, version: string, to: number, who: Person): boolean {
  const policy = model.policies[to]!;
  if (policy.separateDuties && model.duties.get(version)?.has(who)) return false;
  const rules = policy.approvals ?? [];
  return rules.length === 0 || rules.some((r) => teamsOf[who].includes(r.team));
}

/** The sign-off gate as the README states it, over the decisions that may count. */
function modelSignoffsHold(model: Model, version: string, to: number): boolean {
  const policy = model.policies[to]!;
  const decisions = [...(model.decisions.get(`${version}:${to}`) ?? [])].filter(([who]) =>
    mayDecide(model, version, to, who),
  );
  if (decisions.some(([, d]) => d === "reject")) return false;
  const approvers = decisions.filter(([, d]) => d === "approve").map(([who]) => who);
  const rules = policy.approvals ?? [];
  if (rules.length === 0) return approvers.length >= policy.requiredSignoffs;
  // One person counts once per rule, toward every rule whose team they are in.
  return rules.every((r) => approvers.filter((who) => teamsOf[who].includes(r.team)).length >= r.count);
}

/** The model's own verdict on the gates into environment `to` for a release at `from`. */
async function modelGatesHold(
  model: Model,
  release: Release,
  from: number,
  to: number,
  db: Real["db"] | null,
  mover: Person | "manager" | "system" = "system",
): Promise<boolean> {
  const policy = model.policies[to]!;
  if (to !== from + 1) return false;
  if (model.locked.has(to)) return false;
  if (policy.frozen) return false;
  // Promoters: only people in one of the named teams move releases in (automation is the policy's own).
  const moverTeams = mover === "system" ? null : mover === "manager" ? ["sre"] : teamsOf[mover];
  if (moverTeams && (policy.promoters ?? []).length && !policy.promoters!.some((t) => moverTeams.includes(t)))
    return false;
  // After the fact, what is where has changed: the history replay checks newer-live there.
  if (db && (await newerIsIn(db, release, to))) return false;
  for (const check of policy.requiredChecks) {
    // The model's own wildcard: one "*", a prefix and a suffix around it.
    const [prefix, suffix] = check.split("*");
    const legs =
      suffix === undefined ? [check] : checkNames.filter((name) => name.startsWith(prefix!) && name.endsWith(suffix));
    const reported = legs.flatMap((leg) => model.checks.get(`${release.version}:${from}:${leg}`) ?? []);
    if (reported.length === 0 || reported.some((status) => status !== "passed")) return false;
  }
  return modelSignoffsHold(model, release.version, to);
}

async function checkInvariants(model: Model, real: Real) {
  const indexOf = await envIndex(real.db);
  const all = await real.db.select().from(releases);
  const history = await real.db.select().from(transitions).orderBy(asc(transitions.id));

  for (const release of all) {
    // The transitions of a release form an unbroken chain from its creation to where it is.
    const chain = history.filter((t) => t.releaseId === release.id);
    expect(chain[0]?.kind).toBe("create");
    let location = chain[0]!.toEnvironmentId;
    for (const t of chain.slice(1)) {
      expect(t.fromEnvironmentId).toBe(location);
      location = t.toEnvironmentId ?? t.fromEnvironmentId;
    }
    expect(location).toBe(release.environmentId);
    // In exactly one environment, or retired by its last transition.
    const last = chain.at(-1)!;
    expect(release.state).toBe(
      last.kind === "supersede" ? "superseded" : last.kind === "abandon" ? "abandoned" : "active",
    );
    expect(indexOf(release.environmentId)).toBeGreaterThanOrEqual(0);
  }

  // No release was auto-promoted past a gate that the model says fails, nor while held
  // after a rollback (a rollback that bounces back would show here).
  for (const t of history.slice(real.seenTransitions)) {
    if (t.kind !== "auto-promote") continue;
    const release = all.find((r) => r.id === t.releaseId)!;
    const to = indexOf(t.toEnvironmentId!);
    expect(model.policies[to]!.autoPromote).toBe(true);
    expect(model.held.has(release.version), `${release.version} was auto-promoted while held`).toBe(false);
    expect(await modelGatesHold(model, release, indexOf(t.fromEnvironmentId!), to, null)).toBe(true);
  }

  // Nor did auto-promotion push a held release off the board (a rolled-back environment
  // is a person's decision too).
  const fresh = history.slice(real.seenTransitions);
  fresh.forEach((t, i) => {
    if (t.kind !== "supersede") return;
    const cause = fresh.slice(0, i).findLast((c) => c.kind !== "supersede");
    const victim = all.find((r) => r.id === t.releaseId)!;
    if (cause?.kind === "auto-promote")
      expect(model.held.has(victim.version), `${victim.version} was held, then superseded by auto-promotion`).toBe(
        false,
      );
  });

  // Replaying the history: nothing entered an environment by promotion or auto-promotion
  // while a newer release was current there.
  const where = new Map<number, number | null>();
  for (const t of history) {
    if (t.kind === "promote" || t.kind === "auto-promote") {
      const newer = [...where].filter(([id, env]) => id > t.releaseId && env === t.toEnvironmentId);
      expect(newer, `${t.kind} of release ${t.releaseId} into an environment holding a newer one`).toEqual([]);
    }
    where.set(t.releaseId, t.kind === "supersede" || t.kind === "abandon" ? null : t.toEnvironmentId);
  }
  real.seenTransitions = history.length;

  // Nothing that could auto-promote was left waiting.
  for (const release of all.filter((r) => r.state === "active" && !model.held.has(r.version))) {
    const from = indexOf(release.environmentId);
    const to = from + 1;
    if (
      to < slugs.length &&
      model.policies[to]!.autoPromote &&
      !(await wouldSupersedeHeld(model, real.db, release, to))
    ) {
      expect(
        await modelGatesHold(model, release, from, to, real.db),
        `${release.version} should have auto-promoted`,
      ).toBe(false);
    }
  }

  // Capacity is never exceeded (unlimited by default, 1 in the last environment).
  slugs.forEach((_, i) => {
    const capacity = model.policies[i]!.capacity ?? (i === slugs.length - 1 ? 1 : null);
    const here = all.filter((r) => r.state === "active" && indexOf(r.environmentId) === i).length;
    if (capacity !== null) expect(here).toBeLessThanOrEqual(capacity);
  });
}

async function expectRefusal(run: () => Promise<unknown>, codes: DomainError["code"][]) {
  try {
    await run();
  } catch (error) {
    if (error instanceof DomainError && codes.includes(error.code)) return;
    throw error;
  }
}

type Command = fc.AsyncCommand<Model, Real>;

const pickVersion = (model: Model, n: number) => model.versions[n % model.versions.length]!;

class CreateCommand implements Command {
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    const version = `v${model.versions.length + 1}`;
    await createRelease({ ctx: real.ctx, input: { project: "prop", version } });
    model.versions.push(version);
    await checkInvariants(model, real);
  }
  toString() {
    return "create";
  }
}

class ResultCommand implements Command {
  /** env null: where the release is now (what CI mostly reports). */
  constructor(
    readonly n: number,
    readonly env: number | null,
    readonly checkName: (typeof checkNames)[number],
    readonly status: "passed" | "failed",
  ) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    const env = this.env ?? (await envIndex(real.db))(release.environmentId);
    real.ctx.advance(1);
    await recordCheckResult({
      ctx: real.ctx,
      input: { project: "prop", version, environment: slugs[env]!, check: this.checkName, status: this.status },
    });
    model.checks.set(`${version}:${env}:${this.checkName}`, this.status);
    await checkInvariants(model, real);
  }
  toString() {
    return `result(${this.n}, ${this.env === null ? "here" : slugs[this.env]}, ${this.checkName}, ${this.status})`;
  }
}

class SignOffCommand implements Command {
  constructor(
    readonly n: number,
    readonly who: Person,
    readonly decision: "approve" | "reject",
  ) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    const from = (await envIndex(real.db))(release.environmentId);
    if (release.state !== "active" || from === slugs.length - 1) return;
    real.ctx.advance(1);
    const decide = () =>
      signOff({
        ctx: { ...real.ctx, actor: owner(this.who) },
        input: {
          project: "prop",
          version,
          environment: slugs[from + 1]!,
          decision: this.decision,
          comment: this.decision === "reject" ? "no" : undefined,
        },
      });
    // An environment whose policy asks for no sign-off refuses one (approve or veto).
    const target = model.policies[from + 1]!;
    if (target.requiredSignoffs === 0 && !(target.approvals ?? []).length) {
      await expectRefusal(decide, ["INVALID"]);
      await checkInvariants(model, real);
      return;
    }
    // Someone a protected environment does not let decide is refused, and nothing is recorded.
    if (!mayDecide(model, version, from + 1, this.who)) {
      await expect(decide()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await checkInvariants(model, real);
      return;
    }
    await decide();
    const key = `${version}:${from + 1}`;
    if (!model.decisions.has(key)) model.decisions.set(key, new Map());
    model.decisions.get(key)!.set(this.who, this.decision);
    await checkInvariants(model, real);
  }
  toString() {
    return `signOff(${this.n}, ${this.who}, ${this.decision})`;
  }
}

class LockCommand implements Command {
  constructor(
    readonly env: number,
    readonly lock: boolean,
  ) {}
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    const input = { project: "prop", environment: slugs[this.env]!, reason: "property test" };
    if (this.lock && !model.locked.has(this.env)) {
      await lockEnvironment({ ctx: { ...real.ctx, actor: manager }, input });
      model.locked.add(this.env);
    } else if (!this.lock && model.locked.has(this.env)) {
      await unlockEnvironment({ ctx: { ...real.ctx, actor: manager }, input });
      model.locked.delete(this.env);
    }
    await checkInvariants(model, real);
  }
  toString() {
    return `${this.lock ? "lock" : "unlock"}(${slugs[this.env]})`;
  }
}

class PolicyCommand implements Command {
  constructor(
    readonly env: number,
    readonly policy: Policy,
  ) {}
  check() {
    return true;
  }
  async run(model: Model, real: Real) {
    const next = { ...model, policies: model.policies.map((p, i) => (i === this.env ? this.policy : p)) };
    real.ctx.advance(1);
    await applyPipeline({ ctx: real.ctx, input: pipelineFile(next) });
    model.policies = next.policies;
    await checkInvariants(model, real);
  }
  toString() {
    return `policy(${slugs[this.env]}, ${JSON.stringify(this.policy)})`;
  }
}

class MoveCommand implements Command {
  /** delta: how many environments forward (negative: back) from where the release is. */
  constructor(
    readonly n: number,
    readonly delta: number,
    readonly staleFrom: boolean,
    readonly by: "manager" | "cem" = "manager",
  ) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    const from = (await envIndex(real.db))(release.environmentId);
    const to = Math.min(slugs.length - 1, Math.max(0, from + this.delta));
    const expectedFrom = this.staleFrom ? slugs[(from + 1) % slugs.length]! : slugs[from]!;
    const input = { project: "prop", version, to: slugs[to]!, from: expectedFrom, reason: "property test" };
    const ctx = { ...real.ctx, actor: this.by === "cem" ? owner("cem") : manager };
    const acted = () => {
      if (this.by === "cem") model.duties.set(version, new Set([...(model.duties.get(version) ?? []), "cem"]));
    };
    real.ctx.advance(1);
    const redeploy = release.state === "superseded" && !this.staleFrom && to === from;
    const stale = this.staleFrom || release.state !== "active";
    if (redeploy) {
      // A superseded release may go back into the environment it left, as a rollback.
      expect((await moveRelease({ ctx, input })).transition.kind).toBe("rollback");
      model.held.add(version);
      acted();
    } else if (stale || to === from) {
      await expectRefusal(() => moveRelease({ ctx, input }), ["CONFLICT", "INVALID"]);
      expect((await real.db.select().from(transitions)).length).toBe(real.seenTransitions);
    } else if (to < from) {
      expect((await moveRelease({ ctx, input })).transition.kind).toBe("rollback");
      model.held.add(version);
      acted();
    } else if (await modelGatesHold(model, release, from, to, real.db, this.by)) {
      expect((await moveRelease({ ctx, input })).transition.kind).toBe("promote");
      model.held.delete(version);
      acted();
    } else {
      await expectRefusal(() => moveRelease({ ctx, input }), ["GATES_FAILED"]);
      expect((await real.db.select().from(transitions)).length).toBe(real.seenTransitions);
    }
    await checkInvariants(model, real);
  }
  toString() {
    return `move(${this.n}, ${this.delta > 0 ? "+" : ""}${this.delta}${this.staleFrom ? ", stale" : ""}, ${this.by})`;
  }
}

/** Cem (an admin who also signs off) schedules a promotion: an act on the release, for separateDuties. */
class ScheduleCommand implements Command {
  constructor(readonly n: number) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    const from = (await envIndex(real.db))(release.environmentId);
    real.ctx.advance(1);
    const schedule = () =>
      schedulePromotion({
        ctx: { ...real.ctx, actor: owner("cem") },
        input: {
          project: "prop",
          version,
          to: slugs[Math.min(from + 1, slugs.length - 1)]!,
          at: new Date(real.ctx.now!().getTime() + 3_600_000),
        },
      });
    if (release.state !== "active" || from === slugs.length - 1) {
      await expectRefusal(schedule, ["CONFLICT", "INVALID"]);
    } else {
      await schedule();
      model.duties.set(version, new Set([...(model.duties.get(version) ?? []), "cem"]));
    }
    await checkInvariants(model, real);
  }
  toString() {
    return `schedule(${this.n}, cem)`;
  }
}

class ReleaseHoldCommand implements Command {
  constructor(readonly n: number) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    const ctx = { ...real.ctx, actor: manager };
    real.ctx.advance(1);
    if (release.state === "active" && model.held.has(version)) {
      await releaseHold({ ctx, input: { project: "prop", version } });
      model.held.delete(version);
    } else {
      await expectRefusal(() => releaseHold({ ctx, input: { project: "prop", version } }), ["CONFLICT"]);
    }
    await checkInvariants(model, real);
  }
  toString() {
    return `releaseHold(${this.n})`;
  }
}

class AbandonCommand implements Command {
  constructor(readonly n: number) {}
  check(model: Model) {
    return model.versions.length > 0;
  }
  async run(model: Model, real: Real) {
    const version = pickVersion(model, this.n);
    const release = (await first(real.db.select().from(releases).where(eq(releases.version, version))))!;
    if (release.state !== "active") return;
    await abandonRelease({
      ctx: { ...real.ctx, actor: manager },
      input: { project: "prop", version, reason: "property test" },
    });
    await checkInvariants(model, real);
  }
  toString() {
    return `abandon(${this.n})`;
  }
}

const env = fc.integer({ min: 0, max: slugs.length - 1 });
const release = fc.nat({ max: 5 });
const policy: fc.Arbitrary<Policy> = fc.record({
  autoPromote: fc.boolean(),
  requiredChecks: fc.subarray([...requirable]),
  requiredSignoffs: fc.integer({ min: 0, max: 2 }),
  capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  approvals: fc.constantFrom(...approvalRuleSets).map((rules) => rules.map((r) => ({ ...r }))),
  separateDuties: fc.boolean(),
  promoters: fc.constantFrom([], [], ["sre"], ["finance"]),
  frozen: fc.constantFrom(false, false, false, true),
});

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const commands = [
  weighted(2, fc.constant(new CreateCommand())),
  weighted(
    6,
    fc
      .tuple(
        release,
        fc.option(env, { nil: null, freq: 4 }),
        fc.constantFrom(...checkNames),
        fc.constantFrom("passed" as const, "passed" as const, "failed" as const),
      )
      .map(([n, e, c, s]) => new ResultCommand(n, e, c, s)),
  ),
  weighted(
    3,
    fc
      .tuple(
        release,
        fc.constantFrom(...people, "cem" as const),
        fc.constantFrom("approve" as const, "approve" as const, "reject" as const),
      )
      .map(([n, w, d]) => new SignOffCommand(n, w, d)),
  ),
  weighted(
    2,
    fc.tuple(env, fc.boolean()).map(([e, l]) => new LockCommand(e, l)),
  ),
  weighted(
    1,
    fc.tuple(env, policy).map(([e, p]) => new PolicyCommand(e, p)),
  ),
  weighted(
    4,
    fc
      .tuple(
        release,
        fc.constantFrom(1, 1, 1, 2, -1, -2, 0),
        fc.boolean().map((b) => b && Math.random() < 0.4),
        fc.constantFrom("manager" as const, "manager" as const, "manager" as const, "cem" as const),
      )
      .map(([n, delta, stale, by]) => new MoveCommand(n, delta, stale, by)),
  ),
  weighted(
    1,
    release.map((n) => new AbandonCommand(n)),
  ),
  weighted(
    1,
    release.map((n) => new ReleaseHoldCommand(n)),
  ),
  weighted(
    1,
    release.map((n) => new ScheduleCommand(n)),
  ),
].map(({ weight, arbitrary }) => ({ weight, arbitrary: arbitrary as fc.Arbitrary<Command> }));

/** Production waits for two sign-offs, Staging for Finance and Product; both separate duties. */
function initialModel(): Model {
  return {
    policies: [
      { autoPromote: false, requiredChecks: [], requiredSignoffs: 0, capacity: null },
      { autoPromote: true, requiredChecks: ["unit"], requiredSignoffs: 0, capacity: null },
      {
        autoPromote: true,
        requiredChecks: ["e2e (*)"],
        requiredSignoffs: 0,
        capacity: 2,
        approvals: [
          { team: "finance", count: 1 },
          { team: "product", count: 1 },
        ],
        separateDuties: true,
      },
      { autoPromote: true, requiredChecks: ["e2e (a)"], requiredSignoffs: 2, capacity: null, separateDuties: true },
    ],
    checks: new Map(),
    decisions: new Map(),
    locked: new Set(),
    versions: [],
    held: new Set(),
    duties: new Map(),
  };
}

/** The people of `teamsOf` and the manager, in their teams. */
async function givenTeams(ctx: ServiceContext) {
  for (const who of people) {
    await insertUser(
      ctx,
      { id: `user-${who}`, email: `${who}@example.com`, name: who, role: roleOf(who), password: "x" },
      "x",
    );
  }
  await insertUser(
    ctx,
    { id: manager.id, email: "manager@example.com", name: "Manager", role: "release_manager", password: "x" },
    "x",
  );
  for (const [team, emails] of [
    ["finance", ["ana@example.com", "bob@example.com"]],
    ["product", ["ana@example.com", "cem@example.com"]],
    ["sre", ["cem@example.com", "manager@example.com"]],
  ] as const) {
    await createTeam({ ctx, input: { slug: team, name: team } });
    await addTeamMembers({ ctx, input: { team, emails: [...emails] } });
  }
}

it("keeps the invariants of README: How releases move over random sequences of actions", async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands([fc.oneof(...commands)], { maxCommands: 80, size: "large" }), async (cmds) => {
      const t = await createTestDb();
      try {
        const ctx = testContext(t.db, admin);
        const model = initialModel();
        await givenTeams(ctx);
        await applyPipeline({ ctx, input: pipelineFile(model) });
        await fc.asyncModelRun(() => ({ model, real: { ctx, db: t.db, seenTransitions: 0 } }), cmds);
      } finally {
        await t.close();
      }
    }),
    { numRuns: 80 },
  );
  // Thousands of real transactions: minutes on a busy 2-core machine are not a failure.
}, 300_000);

/**
 * A path random runs reach rarely, replayed every time through the same model and invariants:
 * Cem approves for Staging, then schedules the promotion himself; Bob's approval must not
 * complete the rules with Cem's (an injected bug that counts it fails here).
 */
it("an approval given before its giver acted on the release stops counting (separateDuties)", async () => {
  const t = await createTestDb();
  try {
    const ctx = testContext(t.db, admin);
    const model = initialModel();
    await givenTeams(ctx);
    await applyPipeline({ ctx, input: pipelineFile(model) });
    const real = { ctx, db: t.db, seenTransitions: 0 };
    for (const command of [
      new CreateCommand(),
      new ResultCommand(0, null, "unit", "passed"),
      new SignOffCommand(0, "cem", "approve"),
      new ScheduleCommand(0),
      new SignOffCommand(0, "bob", "approve"),
      new SignOffCommand(0, "cem", "approve"),
    ]) {
      await command.run(model, real);
    }
    // Still in QA: Product's rule has nobody left who may approve.
    expect((await envIndex(t.db))((await first(real.db.select().from(releases)))!.environmentId)).toBe(
      slugs.indexOf("qa"),
    );
  } finally {
    await t.close();
  }
});
