/**
 * DORA's four keys and where releases wait, computed from facts about one project's last
 * environment (README: Insights). Pure: the read model (server/queries/insights.ts) loads the
 * facts, this decides what they mean.
 */

/** A release becoming live in production: its successful deploy report, else its move there. */
export type DeploymentFact = { releaseId: number; at: Date; rollback: boolean };
/** A rollback that involved production: a release rolled back out of it, or an older one rolled back into it. */
export type RollbackFact = { at: Date };
/** A deploy into production that the deploy system reported failed. */
export type FailedDeployFact = { releaseId: number; at: Date };
/** A release's first deployment to production, with when its commit was made (or the release created). */
export type LeadTimeFact = { releaseId: number; startedAt: Date; deployedAt: Date; hadCommitTime: boolean };
/** One stay of a release in one environment. */
export type StayFact = { environment: string; from: Date; until: Date };
/**
 * The stays that ended in one environment at one moment's week (a day's aggregate row), as their
 * lengths in milliseconds: the same figures as a StayFact each, without an object per stay.
 */
export type StayLengthsFact = { environment: string; until: Date; lengths: number[] };
/** From ready for sign-off to the last approval that counted. */
export type SignoffWaitFact = { readyAt: Date; approvedAt: Date; weekOf: Date };

/** The gates a release can wait on besides sign-off (README: Insights, "Where releases wait"). */
export const gateKinds = ["checks", "soak", "freeze", "lock"] as const;
export type GateKind = (typeof gateKinds)[number];
/** How long one go-live waited on each gate, in milliseconds (0 when it did not). */
export type GateWaitFact = Record<GateKind, number>;

export type InsightFacts = {
  from: Date;
  to: Date;
  deployments: DeploymentFact[];
  rollbacks: RollbackFact[];
  failedDeploys: FailedDeployFact[];
  leadTimes: LeadTimeFact[];
  stays: StayFact[];
  /** More stays, given as lengths (a year of a busy project is 100,000 stays). */
  stayLengths?: StayLengthsFact[];
  environments: string[];
  signoffWaits: SignoffWaitFact[];
  /** One per forward go-live whose stay before production is known. */
  gateWaits?: GateWaitFact[];
};

export type Level = "elite" | "high" | "medium" | "low";
export type Spread = { median: number | null; p90: number | null };

export type Insights = {
  from: Date;
  to: Date;
  deploymentFrequency: {
    total: number;
    perDay: number;
    perWeek: { weekStart: string; count: number }[];
    level: Level | null;
  };
  /** Seconds. */
  leadTime: Spread & { level: Level | null; releases: number; withoutCommitTime: number };
  changeFailureRate: { value: number | null; failed: number; deployments: number; level: Level | null };
  /** Seconds. */
  recoveryTime: { median: number | null; failures: number; level: Level | null };
  flow: {
    environments: ({ slug: string } & Spread)[];
    signoffWait: Spread & { count: number };
    /** Seconds each gate held go-lives up, over the go-lives it held up (`count` of `of`). */
    gates: ({ gate: GateKind; count: number; of: number; total: number } & Spread)[];
  };
  weekly: WeeklyPoint[];
};

export type WeeklyPoint = {
  weekStart: string;
  deployments: number;
  leadTime: Spread;
  changeFailureRate: number | null;
  recoveryTime: number | null;
  /** Median seconds in each environment, for stays that ended that week. */
  timeIn: Record<string, number | null>;
  signoffWait: number | null;
};

const day = 86_400_000;
const hour = 3_600_000;

/** The value at a quantile of sorted numbers, by the nearest-rank method (an element of the data, never between two). */
export function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/** Monday 00:00 UTC of the week a moment falls in. */
export function weekStart(at: Date): Date {
  return new Date(weekStartMs(at.getTime()));
}

/** weekStart in milliseconds, by arithmetic alone (a year's facts call it 100,000 times): 1 January 1970 was a Thursday. */
function weekStartMs(ms: number): number {
  const days = Math.floor(ms / day);
  const sinceMonday = (((days + 3) % 7) + 7) % 7;
  return (days - sinceMonday) * day;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Every week that overlaps the range, oldest first. */
export function weeksOf(from: Date, to: Date): string[] {
  const weeks: string[] = [];
  for (let w = weekStart(from).getTime(); w <= to.getTime(); w += 7 * day) weeks.push(isoDay(new Date(w)));
  return weeks;
}

/**
 * DORA's 2024 performance levels (README: Insights). Deployment frequency: elite on demand
 * (at least daily on average here), high daily to weekly, medium weekly to monthly, low less.
 */
export function frequencyLevel(perDay: number, total: number): Level | null {
  if (total === 0) return null;
  if (perDay >= 1) return "elite";
  if (perDay >= 1 / 7) return "high";
  if (perDay >= 1 / 30) return "medium";
  return "low";
}

/** Lead time for changes: elite under a day, high under a week, medium under a month, low longer. */
export function leadTimeLevel(medianSeconds: number | null): Level | null {
  if (medianSeconds === null) return null;
  const ms = medianSeconds * 1000;
  if (ms < day) return "elite";
  if (ms < 7 * day) return "high";
  if (ms < 30 * day) return "medium";
  return "low";
}

/**
 * Change failure rate: DORA 2024 reports elite 5 %, high 20 %, medium 10 %, low 40 % (medium
 * below high is what the survey found); a rate gets the level whose reported value is nearest.
 */
export function failureRateLevel(rate: number | null): Level | null {
  if (rate === null) return null;
  const reported: [Level, number][] = [
    ["elite", 0.05],
    ["medium", 0.1],
    ["high", 0.2],
    ["low", 0.4],
  ];
  return reported.reduce((best, each) => (Math.abs(each[1] - rate) < Math.abs(best[1] - rate) ? each : best))[0];
}

/** Failed deployment recovery time: elite under an hour, high under a day, medium under a week, low longer. */
export function recoveryLevel(medianSeconds: number | null): Level | null {
  if (medianSeconds === null) return null;
  const ms = medianSeconds * 1000;
  if (ms < hour) return "elite";
  if (ms < day) return "high";
  if (ms < 7 * day) return "medium";
  return "low";
}

type Failure = { startedAt: Date; recoveredAt: Date | null };

/**
 * Which deployments failed, and when service came back. A deployment failed when a rollback
 * involving production came after it and before the next forward deployment (then its go-live
 * starts the failure), or when the deploy system reported it failed (then the report does).
 * Recovery is the next successful deployment after the failure started: for a rolled-back
 * release, the rollback's own deployment.
 */
export function failures(facts: Pick<InsightFacts, "deployments" | "rollbacks" | "failedDeploys">) {
  const deployments = [...facts.deployments].sort((a, b) => a.at.getTime() - b.at.getTime());
  const times = deployments.map((d) => d.at.getTime());
  const rollbacks = facts.rollbacks.map((r) => r.at.getTime()).sort((a, b) => a - b);
  // The first index whose value is greater than t, in a sorted list (binary search: a year is 25,000).
  const firstAfter = (sorted: number[], t: number) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sorted[mid]! > t) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  const nextDeploymentAfter = (t: number) => deployments[firstAfter(times, t)] ?? null;
  // The time of the next forward deployment after each one, found in one pass from the end.
  const nextForward: number[] = new Array(deployments.length);
  let upcoming = Infinity;
  for (let i = deployments.length - 1; i >= 0; i--) {
    nextForward[i] = upcoming;
    if (!deployments[i]!.rollback) upcoming = times[i]!;
  }
  const rolledBack: (DeploymentFact & Failure)[] = [];
  deployments.forEach((deployment, i) => {
    const start = times[i]!;
    const rollback = rollbacks[firstAfter(rollbacks, start)];
    if (rollback !== undefined && rollback < nextForward[i]!) {
      rolledBack.push({ ...deployment, startedAt: deployment.at, recoveredAt: nextDeploymentAfter(start)?.at ?? null });
    }
  });
  const reported: (FailedDeployFact & Failure)[] = facts.failedDeploys.map((failed) => ({
    ...failed,
    startedAt: failed.at,
    recoveredAt: nextDeploymentAfter(failed.at.getTime())?.at ?? null,
  }));
  return { rolledBack, reported, all: [...rolledBack, ...reported] as Failure[] };
}

const seconds = (ms: number) => Math.round(ms / 1000);

function recoverySeconds(all: Failure[]): number[] {
  return all.flatMap((f) => (f.recoveredAt ? [seconds(f.recoveredAt.getTime() - f.startedAt.getTime())] : []));
}

/** Items grouped by the week (its Monday, as "YYYY-MM-DD") a moment of theirs falls in, each read once. */
function byWeek<T>(items: T[], at: (item: T) => Date): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const keyOf = new Map<number, string>();
  for (const item of items) {
    const start = weekStartMs(at(item).getTime());
    let key = keyOf.get(start);
    if (key === undefined) keyOf.set(start, (key = isoDay(new Date(start))));
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The four keys and the flow figures over the facts' range, with a weekly series of each. */
export function computeInsights(facts: InsightFacts): Insights {
  const days = Math.max(1, (facts.to.getTime() - facts.from.getTime()) / day);
  const total = facts.deployments.length;
  const perDay = total / days;
  const weeks = weeksOf(facts.from, facts.to);

  const leadSeconds = (l: LeadTimeFact) => seconds(l.deployedAt.getTime() - l.startedAt.getTime());
  const lead = spread(facts.leadTimes.map(leadSeconds));

  const failed = failures(facts);
  const attempts = total + facts.failedDeploys.length;
  const rate = attempts ? failed.all.length / attempts : null;
  const recovery = spread(recoverySeconds(failed.all));

  // Seconds in each environment, over the range and per week the stays ended in, in one pass.
  const stayTotals = new Map<string, number[]>(facts.environments.map((e) => [e, []]));
  const stayWeeks = new Map<string, Map<string, number[]>>();
  const addStays = (environment: string, until: Date, lengths: number[]) => {
    const total = stayTotals.get(environment);
    if (!total) return;
    const week = isoDay(new Date(weekStartMs(until.getTime())));
    let inWeek = stayWeeks.get(week);
    if (!inWeek) stayWeeks.set(week, (inWeek = new Map()));
    let list = inWeek.get(environment);
    if (!list) inWeek.set(environment, (list = []));
    for (const length of lengths) {
      const s = seconds(length);
      total.push(s);
      list.push(s);
    }
  };
  for (const s of facts.stays) addStays(s.environment, s.until, [s.until.getTime() - s.from.getTime()]);
  for (const s of facts.stayLengths ?? []) addStays(s.environment, s.until, s.lengths);
  const waitSeconds = (waits: SignoffWaitFact[]) =>
    waits.map((w) => seconds(Math.max(0, w.approvedAt.getTime() - w.readyAt.getTime())));

  const deployedIn = byWeek(facts.deployments, (d) => d.at);
  const failedIn = byWeek(failed.all, (f) => f.startedAt);
  const failedReportsIn = byWeek(facts.failedDeploys, (f) => f.at);
  const leadIn = byWeek(facts.leadTimes, (l) => l.deployedAt);
  const waitsIn = byWeek(facts.signoffWaits, (w) => w.weekOf);

  const weekly = weeks.map((w): WeeklyPoint => {
    const deployed = deployedIn.get(w) ?? [];
    const failedThisWeek = failedIn.get(w) ?? [];
    const attemptsThisWeek = deployed.length + (failedReportsIn.get(w)?.length ?? 0);
    const stays = stayWeeks.get(w);
    return {
      weekStart: w,
      deployments: deployed.length,
      leadTime: spread((leadIn.get(w) ?? []).map(leadSeconds)),
      changeFailureRate: attemptsThisWeek ? failedThisWeek.length / attemptsThisWeek : null,
      recoveryTime: spread(recoverySeconds(failedThisWeek)).median,
      timeIn: Object.fromEntries(facts.environments.map((e) => [e, spread(stays?.get(e) ?? []).median])),
      signoffWait: spread(waitSeconds(waitsIn.get(w) ?? [])).median,
    };
  });

  return {
    from: facts.from,
    to: facts.to,
    deploymentFrequency: {
      total,
      perDay,
      perWeek: weekly.map((w) => ({ weekStart: w.weekStart, count: w.deployments })),
      level: frequencyLevel(perDay, total),
    },
    leadTime: {
      ...lead,
      level: leadTimeLevel(lead.median),
      releases: facts.leadTimes.length,
      withoutCommitTime: facts.leadTimes.filter((l) => !l.hadCommitTime).length,
    },
    changeFailureRate: { value: rate, failed: failed.all.length, deployments: attempts, level: failureRateLevel(rate) },
    recoveryTime: { median: recovery.median, failures: failed.all.length, level: recoveryLevel(recovery.median) },
    flow: {
      environments: facts.environments.map((slug) => ({ slug, ...spread(stayTotals.get(slug)!) })),
      signoffWait: { ...spread(waitSeconds(facts.signoffWaits)), count: facts.signoffWaits.length },
      gates: gateKinds.map((gate) => {
        const waited = (facts.gateWaits ?? []).map((w) => seconds(w[gate])).filter((s) => s > 0);
        return {
          gate,
          count: waited.length,
          of: facts.gateWaits?.length ?? 0,
          total: waited.reduce((sum, s) => sum + s, 0),
          ...spread(waited),
        };
      }),
    },
    weekly,
  };
}

/** What one go-live's wait in the environment before production is judged from (all times in ms). */
export type GateWaitInput = {
  /** When the release last arrived in the environment before production, and went live. */
  arrivedAt: number;
  liveAt: number;
  /** Production's minimum soak. */
  soakMs: number;
  /** Production's required checks' results in the environment before, oldest first. */
  results: { check: string; at: number; passed: boolean }[];
  /** The last approval that let it through, when production takes sign-offs. */
  approvedAt: number | null;
  /** The end of a lock of production standing at a moment (Infinity while it stands), or null. */
  lockedUntil: (at: number) => number | null;
  /** The end of a freeze of production standing at a moment, or null. */
  frozenUntil: (at: number) => number | null;
};

/**
 * How long a go-live waited on each gate (README: Insights), within its stay before production:
 * **checks** — time in which a required check's latest result there was a failure (from a failed
 * result to the next pass of that check, the checks' spans merged); **soak** — production's minimum
 * soak, or the whole stay if it was shorter; **lock** and **freeze** — from the moment every other
 * gate was met (soak done, checks passing, last approval) until the lock or freeze standing then
 * ended, or the go-live if sooner.
 */
export function gateWaits(input: GateWaitInput): GateWaitFact {
  const { arrivedAt, liveAt } = input;
  const clip = (t: number) => Math.min(Math.max(t, arrivedAt), liveAt);
  const spans: [number, number][] = [];
  const failingSince = new Map<string, number>();
  for (const r of input.results) {
    if (r.at > liveAt) break;
    if (!r.passed && !failingSince.has(r.check)) failingSince.set(r.check, r.at);
    if (r.passed && failingSince.has(r.check)) {
      spans.push([clip(failingSince.get(r.check)!), clip(r.at)]);
      failingSince.delete(r.check);
    }
  }
  for (const since of failingSince.values()) spans.push([clip(since), liveAt]);
  spans.sort((a, b) => a[0] - b[0]);
  let checks = 0;
  let reach = arrivedAt;
  for (const [from, to] of spans) {
    const start = Math.max(from, reach);
    if (to > start) checks += to - start;
    reach = Math.max(reach, to);
  }
  const checksClearAt = spans.length ? Math.max(...spans.map((s) => s[1])) : arrivedAt;
  const soak = Math.min(input.soakMs, liveAt - arrivedAt);
  const ready = clip(Math.max(arrivedAt + soak, checksClearAt, input.approvedAt ?? arrivedAt));
  const heldFrom = (until: number | null) => (until === null ? 0 : Math.min(until, liveAt) - ready);
  return {
    checks,
    soak: Math.max(0, soak),
    lock: Math.max(0, heldFrom(input.lockedUntil(ready))),
    freeze: Math.max(0, heldFrom(input.frozenUntil(ready))),
  };
}
