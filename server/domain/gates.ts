import { format, formatDistanceStrict } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { activeFreeze, type FreezeSpec } from "./freeze";
import { indexOfEnvironment, type Pipeline, type PipelineEnvironment } from "./policy";
import { newestNewerIn, type Ordered } from "./release-order";
import type { DeploymentFact } from "./deploy";
import {
  decisionCounts,
  describeDuty,
  dutyOf,
  promoterRefusal,
  ruleStanding,
  rulesOf,
  teamName,
  type Asker,
  type DutyFact,
  type TeamFact,
} from "./approvals";

export type { Asker, DutyFact, TeamFact };
import { isWildcard, requiredCheckMatches } from "./names";

export const gateNames = [
  "order",
  "promoters",
  "checks",
  "signoffs",
  "tasks",
  "soak",
  "freeze",
  "lock",
  "newer-live",
  "deployed",
  "hold",
] as const;
export type GateName = (typeof gateNames)[number];

import type { CheckStatus } from "./statuses";

export type { CheckStatus };

export type CheckFact = { id: number; environmentId: number; checkName: string; status: CheckStatus; createdAt: Date };
export type SignoffFact = {
  id: number;
  environmentId: number;
  actorId: string;
  actorName: string;
  decision: "approve" | "reject";
  comment: string | null;
  createdAt: Date;
};
export type TaskFact = { id: number; environmentId: number; taskName: string; done: boolean; actorName: string };
export type LockFact = { environmentId: number; reason: string; actorName: string; createdAt: Date };
/** A rolled-back release's hold: auto-promotion leaves it where it is until a person acts. */
export type HoldFact = { by: string; reason: string | null; at: Date };
/** An active release of the project and where it is: what newer-live and holds compare with. */
export type CurrentFact = Ordered & { environmentId: number; enteredAt: Date; heldByName: string | null };

/**
 * Who is asking to move: a person, a promote-scope CI token, or the system's
 * auto-promotion. Only a person may move a release past a hold after a rollback.
 */
export type Mover = "person" | "token" | "system";

/** Everything the promotion rules read (README: How releases move), for one release. */
export type GateFacts = {
  release: Ordered & { environmentId: number; enteredAt: Date; held: HoldFact | null };
  pipeline: Pipeline;
  /** The project's active releases (at least those in the target environment). */
  current: CurrentFact[];
  checks: CheckFact[];
  signoffs: SignoffFact[];
  tasks: TaskFact[];
  locks: LockFact[];
  freezeWindows: Map<number, FreezeSpec[]>;
  /** The latest deploy of the release into the environment it is in, if any. */
  deployment?: DeploymentFact | null;
  /** The teams the pipeline's `promoters` and `approvals` name, with their members. */
  teams?: Map<string, TeamFact>;
  /** What people did to the release (for `separateDuties`). */
  duties?: DutyFact[];
  /** Who asks to move it, when someone does: what `promoters` reads. Absent for the board's checklist. */
  asker?: Asker;
  now: Date;
};

export type GateItem = {
  gate: GateName;
  /** The check or task a per-item gate is about. */
  subject?: string;
  met: boolean;
  /** In words a person can act on. */
  reason: string;
  /** Who can clear it when it is not met. */
  clearedBy?: string;
  /** For timed gates: when it clears by itself. */
  clearsAt?: Date;
  /** For checks: the status of the latest result, or "missing". */
  status?: CheckStatus | "missing";
  /** For timed gates: the time zone people read clearsAt in. */
  timeZone?: string;
};

export type GateEvaluation = {
  target: PipelineEnvironment;
  items: GateItem[];
  allMet: boolean;
  /** Names of the gates with at least one unmet item, in rule order. */
  failing: GateName[];
};

function latestBy<T extends { id: number }>(rows: T[], key: (row: T) => string): Map<string, T> {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const seen = latest.get(k);
    if (!seen || row.id > seen.id) latest.set(k, row);
  }
  return latest;
}

function ago(then: Date, now: Date): string {
  return then.getTime() >= now.getTime() ? "just now" : `${formatDistanceStrict(then, now)} ago`;
}

/** "Mon 08:00 Europe/London": a moment as people in that time zone read it. */
export function clock(at: Date, timeZone: string, withDay: boolean): string {
  const local = new TZDate(at.getTime(), timeZone);
  return `${format(local, withDay ? "EEE HH:mm" : "HH:mm")} ${timeZone}`;
}

function orderGate(facts: GateFacts, target: PipelineEnvironment): GateItem {
  const from = indexOfEnvironment(facts.pipeline, facts.release.environmentId);
  const to = indexOfEnvironment(facts.pipeline, target.id);
  const current = facts.pipeline[from];
  if (to === from + 1) return { gate: "order", met: true, reason: `${target.name} is next after ${current?.name}` };
  if (to <= from) {
    return {
      gate: "order",
      met: false,
      reason: `${target.name} is not ahead of ${current?.name ?? "where the release is"}: moving back is a rollback`,
      clearedBy: "release managers (roll back)",
    };
  }
  const next = facts.pipeline[from + 1];
  return {
    gate: "order",
    met: false,
    reason: `Promote to ${next?.name} first: releases move one stage at a time`,
    clearedBy: "admins (override)",
  };
}

/** One check result's gate item, about the check `name`. */
function checkItem(name: string, result: CheckFact, source: PipelineEnvironment, now: Date): GateItem {
  const when = ago(result.createdAt, now);
  const met = result.status === "passed";
  return {
    gate: "checks",
    subject: name,
    met,
    status: result.status,
    reason:
      result.status === "running"
        ? `check ${name} is running in ${source.name} (started ${when})`
        : `check ${name} ${result.status === "error" ? "errored" : result.status} in ${source.name} ${when}`,
    ...(met ? {} : { clearedBy: "CI" }),
  };
}

/**
 * One item per required check; a wildcard (`build (*)`) gives one item per matching check
 * (each leg of a matrix), and is met only when at least one has reported and all passed.
 * A plain name is one check: its latest result, counting a legacy dashed name as the same.
 */
function checkGates(facts: GateFacts, target: PipelineEnvironment, source: PipelineEnvironment): GateItem[] {
  const latest = latestBy(
    facts.checks.filter((c) => c.environmentId === source.id),
    (c) => c.checkName,
  );
  const items = target.requiredChecks.flatMap((required): GateItem[] => {
    const matching = [...latest.values()]
      .filter((c) => requiredCheckMatches(required, c.checkName))
      .sort((a, b) => a.checkName.localeCompare(b.checkName) || a.id - b.id);
    if (matching.length === 0) {
      return [
        {
          gate: "checks",
          subject: required,
          met: false,
          status: "missing",
          reason: isWildcard(required)
            ? `no check matching ${required} has a result in ${source.name} yet`
            : `check ${required} has no result in ${source.name} yet`,
          clearedBy: "CI",
        },
      ];
    }
    if (isWildcard(required)) return matching.map((c) => checkItem(c.checkName, c, source, facts.now));
    const newest = matching.reduce((a, b) => (b.id > a.id ? b : a));
    return [checkItem(required, newest, source, facts.now)];
  });
  // A leg that two patterns match (`build (*)` and `build (a)`) is listed once.
  return items.filter((item, i) => items.findIndex((other) => other.subject === item.subject) === i);
}

/** Each user's latest decision on entering one environment: approvals and rejections. */
export function signoffTally(signoffs: SignoffFact[], environmentId: number) {
  const latest = [
    ...latestBy(
      signoffs.filter((s) => s.environmentId === environmentId),
      (s) => s.actorId,
    ).values(),
  ].sort((a, b) => a.id - b.id);
  return {
    approvals: latest.filter((s) => s.decision === "approve"),
    rejections: latest.filter((s) => s.decision === "reject"),
  };
}

function signoffGate(facts: GateFacts, target: PipelineEnvironment): GateItem[] {
  const people = { teams: facts.teams ?? new Map<string, TeamFact>(), duties: facts.duties ?? [] };
  const tally = signoffTally(facts.signoffs, target.id);
  // A decision counts only from someone who may give it now (approvals.ts): a team rule's
  // member, and never a person who acted on the release where duties are separated.
  const counts = (s: SignoffFact) => decisionCounts(target, s.actorId, people);
  const approvals = tally.approvals.filter(counts);
  const rejections = tally.rejections.filter(counts);
  const barred = [...tally.approvals, ...tally.rejections].filter((s) => !counts(s));
  const rules = rulesOf(target);
  if (rules.length === 0 && target.requiredSignoffs === 0 && approvals.length + rejections.length === 0) return [];
  if (rejections.length > 0) {
    const names = rejections.map((s) => (s.comment ? `${s.actorName}: “${s.comment}”` : s.actorName)).join("; ");
    return [
      {
        gate: "signoffs",
        met: false,
        reason: `rejected for ${target.name} by ${names}`,
        clearedBy: `${rejections.map((s) => s.actorName).join(" or ")}, by approving it instead`,
      },
    ];
  }
  const notCounted = barredNote(facts, target, barred);
  if (rules.length > 0) return rules.map((rule) => ruleGate(facts, target, rule, approvals, notCounted));
  const needed = target.requiredSignoffs;
  const who = approvals.length ? ` (${approvals.map((s) => `${s.actorName} approved`).join(", ")})` : "";
  const noun = needed === 1 ? "sign-off" : "sign-offs";
  const met = approvals.length >= needed;
  return [
    {
      gate: "signoffs",
      met,
      reason:
        (met
          ? `${approvals.length} of ${needed} ${noun} for ${target.name}${who}`
          : `needs ${needed} ${noun} for ${target.name}, has ${approvals.length}${who}`) + notCounted,
      ...(met ? {} : { clearedBy: "business owners" }),
    },
  ];
}

/** "; Bo's approval does not count: Bo promoted 2.12.0 to Staging (separation of duties)". */
function barredNote(facts: GateFacts, target: PipelineEnvironment, barred: SignoffFact[]): string {
  const notes = barred.map((s) => {
    const duty = dutyOf(target, facts.duties ?? [], s.actorId);
    const what = s.decision === "approve" ? "approval" : "rejection";
    return duty
      ? `${s.actorName}'s ${what} does not count: ${s.actorName} ${describeDuty(duty, facts.pipeline)} (separation of duties)`
      : `${s.actorName}'s ${what} does not count: not in a team that approves ${target.name}`;
  });
  return notes.length ? `; ${notes.join("; ")}` : "";
}

/** One `approvals` rule: "needs 1 from Finance (Ana Lopez, Ben Ode can approve)". */
function ruleGate(
  facts: GateFacts,
  target: PipelineEnvironment,
  rule: { team: string; count: number },
  approvals: SignoffFact[],
  notCounted: string,
): GateItem {
  const people = { teams: facts.teams ?? new Map<string, TeamFact>(), duties: facts.duties ?? [] };
  const team = teamName(people.teams, rule.team);
  const { approved, could } = ruleStanding(
    target,
    rule,
    approvals.map((s) => ({ id: s.actorId, name: s.actorName })),
    people,
  );
  const who = approved.length ? ` (${approved.map((a) => `${a.name} approved`).join(", ")})` : "";
  if (approved.length >= rule.count) {
    return {
      gate: "signoffs",
      subject: rule.team,
      met: true,
      reason: `${rule.count} of ${rule.count} from ${team} for ${target.name}${who}`,
    };
  }
  const missing = rule.count - approved.length;
  const names = could.map((m) => m.name);
  const said = [
    ...approved.map((a) => `${a.name} approved`),
    ...(names.length ? [`${names.join(", ")} can approve`] : []),
  ];
  const nobody = names.length ? "" : `: nobody in ${team} can approve it (an admin adds business owners to ${team})`;
  return {
    gate: "signoffs",
    subject: rule.team,
    met: false,
    reason: `needs ${missing}${approved.length ? " more" : ""} from ${team} for ${target.name}${said.length ? ` (${said.join("; ")})` : ""}${nobody}${notCounted}`,
    clearedBy: names.length ? `${team}: ${names.join(", ")}` : "admins (add business owners to the team)",
  };
}

/** `promoters`: only release managers in the named teams move releases in (an admin may override). */
function promotersGate(facts: GateFacts, target: PipelineEnvironment): GateItem | null {
  if (!facts.asker || !(target.promoters ?? []).length || facts.asker.type === "system") return null;
  const refusal = promoterRefusal(target, facts.asker, facts.teams ?? new Map());
  if (!refusal) return { gate: "promoters", met: true, reason: `you may move releases into ${target.name}` };
  const teams = (target.promoters ?? []).map((slug) => teamName(facts.teams ?? new Map(), slug));
  return { gate: "promoters", met: false, reason: refusal, clearedBy: `release managers in ${teams.join(", ")}` };
}

function taskGates(facts: GateFacts, target: PipelineEnvironment): GateItem[] {
  const latest = latestBy(
    facts.tasks.filter((t) => t.environmentId === target.id),
    (t) => t.taskName,
  );
  return target.manualTasks.map((name) => {
    const done = latest.get(name);
    return done?.done
      ? { gate: "tasks", subject: name, met: true, reason: `${name}: done by ${done.actorName}` }
      : { gate: "tasks", subject: name, met: false, reason: `${name}: not done yet`, clearedBy: "release managers" };
  });
}

/** Whether the release's deploy into `source` succeeded; always true without a deploy target. */
function deployedIn(facts: GateFacts, source: PipelineEnvironment): boolean {
  return (
    !source.deployTarget || (facts.deployment?.environmentId === source.id && facts.deployment.status === "succeeded")
  );
}

function soakGate(facts: GateFacts, target: PipelineEnvironment, source: PipelineEnvironment): GateItem | null {
  if (target.minSoakMinutes <= 0) return null;
  if (!deployedIn(facts, source)) {
    return {
      gate: "soak",
      met: false,
      reason: `soaks ${target.minSoakMinutes} min in ${source.name} once the deploy there succeeds`,
      clearedBy: "the deploy system",
    };
  }
  // With a deploy target the clock starts when the deploy succeeded, not at the move.
  const start = source.deployTarget
    ? (facts.deployment!.succeededAt ?? facts.release.enteredAt)
    : facts.release.enteredAt;
  const until = new Date(start.getTime() + target.minSoakMinutes * 60_000);
  if (until.getTime() <= facts.now.getTime()) {
    return { gate: "soak", met: true, reason: `soaked ${target.minSoakMinutes} min in ${source.name}` };
  }
  return {
    gate: "soak",
    met: false,
    reason: `soaks in ${source.name} until ${clock(until, "UTC", false)} (${formatDistanceStrict(facts.now, until)} left)`,
    clearedBy: "time",
    clearsAt: until,
    timeZone: "UTC",
  };
}

function freezeGate(facts: GateFacts, target: PipelineEnvironment): GateItem | null {
  const windows = facts.freezeWindows.get(target.id) ?? [];
  if (windows.length === 0) return null;
  const freeze = activeFreeze(windows, facts.now);
  if (!freeze) return { gate: "freeze", met: true, reason: `${target.name} is not frozen` };
  const timeZone = freezeTimeZone(freeze.window);
  const why = freeze.window.reason ? ` (${freeze.window.reason})` : "";
  return {
    gate: "freeze",
    met: false,
    reason: `${target.name} is frozen until ${clock(freeze.endsAt, timeZone, true)}${why}`,
    clearedBy: "time",
    clearsAt: freeze.endsAt,
    timeZone,
  };
}

export const freezeTimeZone = (window: FreezeSpec) => (window.kind === "weekly" ? window.timeZone : "UTC");

function lockGate(facts: GateFacts, target: PipelineEnvironment): GateItem | null {
  const lock = facts.locks.find((l) => l.environmentId === target.id);
  if (!lock) return null;
  return {
    gate: "lock",
    met: false,
    reason: `${target.name} is locked by ${lock.actorName}: ${lock.reason}`,
    clearedBy: "release managers (unlock)",
  };
}

// Per list of current releases (one per board, shared by its cards) and environment: what is newest there.
const newestNewerByTarget = new WeakMap<CurrentFact[], Map<number, (release: Ordered) => CurrentFact | null>>();

function newerLiveGate(facts: GateFacts, target: PipelineEnvironment): GateItem | null {
  let byTarget = newestNewerByTarget.get(facts.current);
  if (!byTarget) newestNewerByTarget.set(facts.current, (byTarget = new Map()));
  let newerThan = byTarget.get(target.id);
  if (!newerThan) {
    newerThan = newestNewerIn(facts.current.filter((r) => r.environmentId === target.id));
    byTarget.set(target.id, newerThan);
  }
  const newer = newerThan(facts.release);
  if (!newer) return null;
  const isLast = facts.pipeline.at(-1)?.id === target.id;
  return {
    gate: "newer-live",
    subject: newer.version,
    met: false,
    reason: `${newer.version}, newer, is ${isLast ? "live" : "current"} in ${target.name}: going back to ${facts.release.version} is a rollback`,
    clearedBy: "release managers (roll back, with a reason)",
  };
}

/**
 * A rollback is a person's decision, and only a person undoes it: automation (auto-promotion,
 * a CI token) neither moves a held release on nor pushes one out of the environment it was
 * rolled back into.
 */
function holdGate(facts: GateFacts, target: PipelineEnvironment, mover: Mover): GateItem | null {
  if (mover === "person" || (mover === "system" && !target.autoPromote)) return null;
  const held = facts.release.held;
  if (held) {
    return {
      gate: "hold",
      met: false,
      reason: describeHold(held),
      clearedBy: "release managers (promote, or release the hold)",
    };
  }
  const rolledBack = supersededOnEntry(facts, target).find((r) => r.heldByName !== null);
  if (!rolledBack) return null;
  return {
    gate: "hold",
    met: false,
    subject: rolledBack.version,
    reason: `${target.name} was rolled back to ${rolledBack.version} by ${rolledBack.heldByName}: only a person moves a release in now`,
    clearedBy: "release managers (promote, or release the hold)",
  };
}

/** The releases that entering `target` would supersede (its oldest, past capacity). */
function supersededOnEntry(facts: GateFacts, target: PipelineEnvironment): CurrentFact[] {
  const capacity = effectiveCapacity(facts.pipeline, target);
  if (capacity === null) return [];
  const there = facts.current
    .filter((r) => r.environmentId === target.id && r.id !== facts.release.id)
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.id - b.id);
  return there.slice(0, Math.max(0, there.length + 1 - capacity));
}

export const describeHold = (held: HoldFact) =>
  `Held after rollback by ${held.by}${held.reason ? `: ${held.reason}` : ""}`;

/** Gate 9: a release is only *in* an environment with a deploy target once its deploy succeeded. */
function deployedGate(facts: GateFacts, source: PipelineEnvironment): GateItem | null {
  if (!source.deployTarget) return null;
  const deployment = facts.deployment?.environmentId === source.id ? facts.deployment : null;
  if (deployment?.status === "succeeded") {
    return {
      gate: "deployed",
      met: true,
      reason: `deployed to ${source.name} ${ago(deployment.succeededAt ?? deployment.statusAt, facts.now)}`,
    };
  }
  if (!deployment) {
    return {
      gate: "deployed",
      met: false,
      reason: `no deploy to ${source.name} was requested for this release`,
      clearedBy: "release managers (Retry deploy)",
    };
  }
  if (deployment.status === "failed" || deployment.status === "cancelled") {
    const why = deployment.description ? `: ${deployment.description}` : "";
    return {
      gate: "deployed",
      met: false,
      reason: `the deploy to ${source.name} ${deployment.status === "failed" ? "failed" : "was cancelled"}${why}`,
      clearedBy: "release managers (Retry deploy or roll back)",
    };
  }
  return {
    gate: "deployed",
    met: false,
    reason: `waiting for the deploy to ${source.name} to succeed`,
    clearedBy: "the deploy system",
  };
}

/**
 * Evaluates every gate of the README's promotion rules for moving a release into
 * `targetId` (by default the next environment). Pure: the same answer drives refused
 * moves, auto-promotion and the card's checklist, so the board and the server cannot
 * disagree. `mover` says who asks: holds after a rollback stop all but a person.
 */
export function evaluateGates(facts: GateFacts, targetId?: number, mover: Mover = "person"): GateEvaluation | null {
  const from = indexOfEnvironment(facts.pipeline, facts.release.environmentId);
  const source = facts.pipeline[from];
  const target = targetId === undefined ? facts.pipeline[from + 1] : facts.pipeline.find((e) => e.id === targetId);
  if (!source || !target) return null;
  const items: GateItem[] = [
    orderGate(facts, target),
    promotersGate(facts, target),
    ...checkGates(facts, target, source),
    ...signoffGate(facts, target),
    ...taskGates(facts, target),
    soakGate(facts, target, source),
    freezeGate(facts, target),
    lockGate(facts, target),
    newerLiveGate(facts, target),
    deployedGate(facts, source),
    holdGate(facts, target, mover),
  ].filter((item): item is GateItem => item !== null);
  const failing = gateNames.filter((name) => items.some((i) => i.gate === name && !i.met));
  return { target, items, allMet: failing.length === 0, failing };
}

/** The earliest moment a timed gate (soak, freeze) clears, when only timed gates fail. */
export function nextTimedClear(evaluation: GateEvaluation): Date | null {
  const unmet = evaluation.items.filter((i) => !i.met);
  if (unmet.length === 0 || unmet.some((i) => !i.clearsAt)) return null;
  return new Date(Math.max(...unmet.map((i) => i.clearsAt!.getTime())));
}

/**
 * When an auto-promoting target will take the release by itself, if only time stands in
 * the way: "auto-promotes Mon 00:00, when the freeze ends". `evaluation` must be the
 * system's (so a hold counts as a gate that time does not clear).
 */
export function autoPromotionAt(evaluation: GateEvaluation): { at: Date; because: GateName; label: string } | null {
  if (!evaluation.target.autoPromote) return null;
  const at = nextTimedClear(evaluation);
  if (!at) return null;
  const last = evaluation.items.find((i) => !i.met && i.clearsAt?.getTime() === at.getTime());
  if (!last) return null;
  const when = clock(at, last.timeZone ?? "UTC", true);
  return {
    at,
    because: last.gate,
    label: `auto-promotes ${when}, when the ${last.gate === "freeze" ? "freeze" : "soak"} ends`,
  };
}

export function effectiveCapacity(pipeline: Pipeline, environment: PipelineEnvironment): number | null {
  if (environment.capacity !== null) return environment.capacity;
  return pipeline.at(-1)?.id === environment.id ? 1 : null;
}
