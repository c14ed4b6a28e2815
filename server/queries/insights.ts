import { and, asc, eq, gte, inArray, isNull, lt, lte, max, ne, or, sql, type SQLWrapper } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { inJsonList, jsonList } from "../../db/dialect";
import { first as firstRow, readTransaction, type Queryable, type Tx } from "../../db/client";
import {
  auditEvents,
  checkResults,
  deployments,
  environmentLocks,
  freezeWindows,
  projects,
  releases,
  releaseStayDays,
  releaseStays,
  signoffs,
  transitions,
  type Environment,
} from "../../db/schema";
import { activeFreeze } from "../domain/freeze";
import {
  computeInsights,
  gateWaits,
  type DeploymentFact,
  type FailedDeployFact,
  type GateWaitFact,
  type InsightFacts,
  type Insights,
  type LeadTimeFact,
  type RollbackFact,
  type SignoffWaitFact,
  type StayFact,
} from "../domain/insights";
import { findProject, loadPipeline, toFreezeSpec } from "../engine";
import { invalid } from "../errors";

export type InsightsRange = { from: Date; to: Date };

/** A project's DORA keys and flow over a range (README: Insights). */
export async function getProjectInsights(db: Queryable, slug: string, range: InsightsRange) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    return {
      project: { slug: project.slug, name: project.name },
      environments: (await loadPipeline(tx, project.id)).map((e) => ({ slug: e.slug, name: e.name })),
      insights: await insightsOf(tx, project.id, range),
    };
  });
}

type OrganisationRows = { project: { slug: string; name: string }; insights: Insights }[];

/**
 * How long the organisation's table is reused for a range of the same length ending later (`days`
 * back from now) while nothing changed: its figures are then as of at most this long ago.
 */
export const organisationInsightsReuseMs = 10_000;
const organisationMemos = new WeakMap<
  object,
  { lastEventId: number; from: number; to: number; rows: OrganisationRows }
>();

/**
 * Every project's four keys over a range, for the organisation's table. Reused while nothing
 * changed: every change that moves a figure (a move, a deploy report, a pipeline or freeze edit)
 * writes an activity entry, and the reuse is keyed by the newest entry's id read from the database
 * in the same read transaction — so with several instances on one database each one's copy is
 * dropped as soon as any instance writes, and no instance serves figures older than the newest
 * entry it can see. Same range, or a range as long ending at most organisationInsightsReuseMs later.
 */
export async function getOrganisationInsights(db: Queryable, range: InsightsRange) {
  return readTransaction(db, async (tx) => {
    const newest = await firstRow(tx.select({ id: max(auditEvents.id) }).from(auditEvents));
    const lastEventId = newest?.id ?? 0;
    const [from, to] = [range.from.getTime(), range.to.getTime()];
    const memo = organisationMemos.get(db);
    if (
      memo &&
      memo.lastEventId === lastEventId &&
      memo.to - memo.from === to - from &&
      to >= memo.to &&
      to - memo.to <= organisationInsightsReuseMs
    )
      return memo.rows;
    const all = await tx.select().from(projects).where(isNull(projects.archivedAt)).orderBy(asc(projects.name));
    const rows = await Promise.all(
      all.map(async (project) => ({
        project: { slug: project.slug, name: project.name },
        insights: await insightsOf(tx, project.id, range),
      })),
    );
    organisationMemos.set(db, { lastEventId, from, to, rows });
    return rows;
  });
}

async function insightsOf(tx: Tx, projectId: number, range: InsightsRange): Promise<Insights> {
  const pipeline = await loadPipeline(tx, projectId);
  const production = pipeline.at(-1);
  if (!production) return computeInsights(emptyFacts(range, []));
  const before = pipeline.at(-2) ?? null;
  const only = pipeline.length === 1;
  const deployed = await productionGoLives(tx, projectId, production, before, only, range);
  const facts: InsightFacts = {
    ...range,
    deployments: deployed.successes,
    failedDeploys: deployed.failures,
    rollbacks: await productionRollbacks(tx, projectId, production, deployed.successes, range),
    leadTimes: leadTimes(deployed.successes),
    ...(await stays(tx, projectId, pipeline, range)),
    ...(before
      ? await waitsBeforeGoLive(tx, production, before, deployed.successes)
      : { signoffWaits: [], gateWaits: [] }),
  };
  return computeInsights(facts);
}

function emptyFacts(range: InsightsRange, environments: string[]): InsightFacts {
  return {
    ...range,
    deployments: [],
    failedDeploys: [],
    rollbacks: [],
    leadTimes: [],
    stays: [],
    environments,
    signoffWaits: [],
    gateWaits: [],
  };
}

const day = 86_400_000;

const forwardKinds = ["promote", "auto-promote", "rollback"] as const;

/** The kinds of move that make a release live in production (a single-environment pipeline's creation too). */
const liveKinds = (only: boolean) => (only ? [...forwardKinds, "create" as const] : [...forwardKinds]);

/**
 * A go-live with what the other figures need of it, read in the same row (one index lookup each
 * rather than a read per kind of fact joined on the year's releases): its release's start (commit
 * time, else creation), whether it was live in production before the range, when it last arrived in
 * the environment before production up to the go-live, and the last approval for production up to
 * the go-live (where production takes sign-offs).
 */
type GoLive = DeploymentFact & {
  startedAt: Date;
  hadCommitTime: boolean;
  liveBefore: boolean;
  arrivedAt: Date | null;
  approvedAt: Date | null;
};

/**
 * Deployments to production in the range: successful deploy reports where production has a deploy
 * target, else the moves into it (a rollback into production counts: it restores service).
 */
async function productionGoLives(
  tx: Tx,
  projectId: number,
  production: Environment,
  before: Environment | null,
  only: boolean,
  range: InsightsRange,
): Promise<{ successes: GoLive[]; failures: FailedDeployFact[] }> {
  const takesSignoffs = production.requiredSignoffs > 0 || (production.approvals ?? []).length > 0;
  // The columns every go-live carries, for a release id and a go-live time of the outer row.
  const perGoLive = (releaseId: SQLWrapper, liveAt: SQLWrapper, liveBefore: SQLWrapper) => ({
    committedAt: releases.committedAt,
    createdAt: releases.createdAt,
    liveBefore: sql<number>`case when exists ${liveBefore} then 1 else 0 end`.mapWith(Number),
    arrivedAt: before
      ? sql<Date | null>`${tx
          .select({ at: max(releaseStays.arrivedAt) })
          .from(releaseStays)
          .where(
            and(
              eq(releaseStays.releaseId, releaseId),
              eq(releaseStays.environmentId, before.id),
              lte(releaseStays.arrivedAt, liveAt),
            ),
          )}`.mapWith(releaseStays.arrivedAt)
      : sql<Date | null>`null`,
    approvedAt: takesSignoffs
      ? sql<Date | null>`${tx
          .select({ at: max(signoffs.createdAt) })
          .from(signoffs)
          .where(
            and(
              eq(signoffs.releaseId, releaseId),
              eq(signoffs.environmentId, production.id),
              eq(signoffs.decision, "approve"),
              lte(signoffs.createdAt, liveAt),
            ),
          )}`.mapWith(signoffs.createdAt)
      : sql<Date | null>`null`,
  });
  const goLive = (r: {
    releaseId: number;
    at: Date;
    kind: string | null;
    committedAt: Date | null;
    createdAt: Date;
    liveBefore: number;
    arrivedAt: Date | null;
    approvedAt: Date | null;
  }): GoLive => ({
    releaseId: r.releaseId,
    at: r.at,
    rollback: r.kind === "rollback",
    startedAt: r.committedAt ?? r.createdAt,
    hadCommitTime: r.committedAt !== null,
    liveBefore: r.liveBefore === 1,
    arrivedAt: r.arrivedAt,
    approvedAt: r.approvedAt,
  });
  if (production.deployTarget) {
    const earlier = alias(deployments, "earlier");
    const rows = await tx
      .select({
        releaseId: deployments.releaseId,
        succeededAt: deployments.succeededAt,
        status: deployments.status,
        statusAt: deployments.statusAt,
        kind: transitions.kind,
        ...perGoLive(
          deployments.releaseId,
          deployments.succeededAt,
          tx
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.releaseId, deployments.releaseId),
                eq(earlier.environmentId, production.id),
                lt(earlier.succeededAt, range.from),
              ),
            ),
        ),
      })
      .from(deployments)
      .innerJoin(releases, eq(releases.id, deployments.releaseId))
      .leftJoin(transitions, eq(transitions.id, deployments.transitionId))
      .where(
        and(
          eq(deployments.environmentId, production.id),
          or(
            and(gte(deployments.succeededAt, range.from), lte(deployments.succeededAt, range.to)),
            and(
              eq(deployments.status, "failed"),
              gte(deployments.statusAt, range.from),
              lte(deployments.statusAt, range.to),
            ),
          ),
        ),
      );
    return {
      successes: rows
        .filter((r) => r.succeededAt && r.succeededAt >= range.from && r.succeededAt <= range.to)
        .map((r) => goLive({ ...r, at: r.succeededAt! })),
      failures: rows.filter((r) => r.status === "failed").map((r) => ({ releaseId: r.releaseId, at: r.statusAt })),
    };
  }
  const kinds = liveKinds(only);
  const earlier = alias(transitions, "earlier");
  const moves = await tx
    .select({
      releaseId: transitions.releaseId,
      at: transitions.createdAt,
      kind: transitions.kind,
      ...perGoLive(
        transitions.releaseId,
        transitions.createdAt,
        tx
          .select({ one: sql`1` })
          .from(earlier)
          .where(
            and(
              eq(earlier.releaseId, transitions.releaseId),
              eq(earlier.toEnvironmentId, production.id),
              inArray(earlier.kind, kinds),
              lt(earlier.createdAt, range.from),
            ),
          ),
      ),
    })
    .from(transitions)
    .innerJoin(releases, eq(releases.id, transitions.releaseId))
    .where(
      and(
        eq(transitions.projectId, projectId),
        eq(transitions.toEnvironmentId, production.id),
        inArray(transitions.kind, kinds),
        gte(transitions.createdAt, range.from),
        lte(transitions.createdAt, range.to),
      ),
    )
    .orderBy(asc(transitions.id));
  return { successes: moves.map(goLive), failures: [] };
}

/**
 * Rollbacks into or out of production in the range. Without a deploy target, those into it are
 * among its go-lives already; only those out of it are read.
 */
async function productionRollbacks(
  tx: Tx,
  projectId: number,
  production: Environment,
  goLives: GoLive[],
  range: InsightsRange,
): Promise<RollbackFact[]> {
  if (production.deployTarget)
    return await tx
      .select({ at: transitions.createdAt })
      .from(transitions)
      .where(
        and(
          eq(transitions.projectId, projectId),
          eq(transitions.kind, "rollback"),
          gte(transitions.createdAt, range.from),
          lte(transitions.createdAt, range.to),
          or(eq(transitions.toEnvironmentId, production.id), eq(transitions.fromEnvironmentId, production.id)),
        ),
      );
  // By production's id and time alone (its index), not the project's: a year's other moves are not read.
  const out = await tx
    .select({ at: transitions.createdAt })
    .from(transitions)
    .where(
      and(
        eq(transitions.fromEnvironmentId, production.id),
        gte(transitions.createdAt, range.from),
        lte(transitions.createdAt, range.to),
        eq(transitions.kind, "rollback"),
        or(isNull(transitions.toEnvironmentId), ne(transitions.toEnvironmentId, production.id)),
      ),
    );
  return [...goLives.filter((g) => g.rollback).map((g) => ({ at: g.at })), ...out];
}

/**
 * For each release first deployed to production in the range: from its commit time (or, without
 * one, its creation) to that first deployment. A release deployed before the range too is left out.
 */
function leadTimes(deployed: GoLive[]): LeadTimeFact[] {
  const first = new Map<number, GoLive>();
  for (const d of deployed) {
    if (d.liveBefore) continue;
    const seen = first.get(d.releaseId);
    if (!seen || d.at < seen.at) first.set(d.releaseId, d);
  }
  return [...first.values()].map((d) => ({
    releaseId: d.releaseId,
    startedAt: d.startedAt,
    deployedAt: d.at,
    hadCommitTime: d.hadCommitTime,
  }));
}

/**
 * Every stay in an environment that ended in the range (a release's moves, each until the next
 * one), from what the moves' trigger keeps: the lengths of the stays that ended on each whole day
 * of the range from release_stay_days (one row per day and environment), those of the partial
 * first and last day from release_stays. A stay read from a day's list is placed at that day's
 * start: what is computed from a stay is its length and the week it ended in, the same either way.
 */
async function stays(tx: Tx, projectId: number, pipeline: Environment[], range: InsightsRange) {
  const slugOf = new Map(pipeline.map((e) => [e.id, e.slug]));
  const result: StayFact[] = [];
  const add = (environmentId: number, from: Date, until: Date) => {
    const environment = slugOf.get(environmentId);
    if (environment) result.push({ environment, from, until });
  };
  // Whole days: from the first midnight at or after `from` to the last midnight whose day ends by `to`.
  const firstDay = Math.ceil(range.from.getTime() / day) * day;
  const endDay = Math.floor((range.to.getTime() + 1) / day) * day;
  const single = (from: Date, to: Date) =>
    tx
      .select({ environmentId: releaseStays.environmentId, from: releaseStays.arrivedAt, until: releaseStays.leftAt })
      .from(releaseStays)
      .where(and(eq(releaseStays.projectId, projectId), gte(releaseStays.leftAt, from), lte(releaseStays.leftAt, to)));
  const edges =
    firstDay < endDay
      ? [
          [range.from, new Date(firstDay - 1)],
          [new Date(endDay), range.to],
        ]
      : [[range.from, range.to]];
  for (const [from, to] of edges) {
    if (from! > to!) continue;
    for (const row of await single(from!, to!)) add(row.environmentId, row.from, row.until!);
  }
  if (firstDay < endDay) {
    const days = await tx
      .select({
        environmentId: releaseStayDays.environmentId,
        day: releaseStayDays.day,
        lengths: releaseStayDays.lengths,
      })
      .from(releaseStayDays)
      .where(
        and(
          eq(releaseStayDays.projectId, projectId),
          gte(releaseStayDays.day, new Date(firstDay)),
          lt(releaseStayDays.day, new Date(endDay)),
        ),
      );
    for (const row of days) {
      if (!slugOf.has(row.environmentId)) continue;
      for (const length of row.lengths) add(row.environmentId, new Date(row.day.getTime() - length), row.day);
    }
  }
  return { stays: result, environments: pipeline.map((e) => e.slug) };
}

/**
 * For each forward deployment to production, what it waited on in the environment before (README:
 * Insights). The sign-off wait, where production takes sign-offs: from when it was ready for
 * sign-off — arrived there, with each of production's required checks passed there — to the last
 * approval given before it went live. And the time each other gate held it (domain gateWaits):
 * failing required checks, the soak, and a lock or freeze of production standing once the rest was
 * met (freeze windows as configured now; locks from their history).
 */
async function waitsBeforeGoLive(
  tx: Tx,
  production: Environment,
  before: Environment,
  deployed: GoLive[],
): Promise<{ signoffWaits: SignoffWaitFact[]; gateWaits: GateWaitFact[] }> {
  const forward = deployed.filter((d) => !d.rollback && d.arrivedAt !== null);
  if (!forward.length) return { signoffWaits: [], gateWaits: [] };
  const results = production.requiredChecks.length
    ? await tx
        .select({
          releaseId: checkResults.releaseId,
          check: checkResults.checkName,
          at: checkResults.createdAt,
          status: checkResults.status,
        })
        .from(checkResults)
        .where(
          and(
            // The judged releases' ids as one parameter: an index lookup each, the year's moves not read again.
            inJsonList(checkResults.releaseId, jsonList([...new Set(forward.map((d) => d.releaseId))])),
            eq(checkResults.environmentId, before.id),
            inArray(checkResults.status, ["passed", "failed"]),
            inArray(checkResults.checkName, production.requiredChecks),
          ),
        )
        .orderBy(asc(checkResults.id))
    : [];
  const locks = (
    await tx
      .select({ from: environmentLocks.createdAt, until: environmentLocks.unlockedAt })
      .from(environmentLocks)
      .where(eq(environmentLocks.environmentId, production.id))
  ).map((l) => ({ from: l.from.getTime(), until: l.until?.getTime() ?? Infinity }));
  const windows = (await tx.select().from(freezeWindows).where(eq(freezeWindows.environmentId, production.id))).flatMap(
    (w) => toFreezeSpec(w) ?? [],
  );
  const lockedUntil = (at: number) => locks.find((l) => l.from <= at && at < l.until)?.until ?? null;
  const frozenUntil = (at: number) => activeFreeze(windows, new Date(at))?.endsAt.getTime() ?? null;
  const resultsOf = new Map<number, { check: string; at: number; passed: boolean }[]>();
  for (const r of results) {
    const result = { check: r.check, at: r.at.getTime(), passed: r.status === "passed" };
    const list = resultsOf.get(r.releaseId);
    if (list) list.push(result);
    else resultsOf.set(r.releaseId, [result]);
  }
  const soakMs = production.minSoakMinutes * 60_000;
  const signoffWaits: SignoffWaitFact[] = [];
  const gateWaitFacts: GateWaitFact[] = [];
  for (const deployment of forward) {
    const live = deployment.at.getTime();
    const lastArrival = deployment.arrivedAt!.getTime();
    const approvedAt = deployment.approvedAt?.getTime() ?? null;
    const mine = (resultsOf.get(deployment.releaseId) ?? []).filter((r) => r.at <= live);
    gateWaitFacts.push(
      gateWaits({ arrivedAt: lastArrival, liveAt: live, soakMs, results: mine, approvedAt, lockedUntil, frozenUntil }),
    );
    if (approvedAt === null || production.requiredSignoffs <= 0) continue;
    let readyAt = lastArrival;
    for (const check of production.requiredChecks) {
      let passedAt = Infinity;
      for (const p of mine)
        if (p.passed && p.check === check && p.at >= lastArrival && p.at < passedAt) passedAt = p.at;
      readyAt = Math.max(readyAt, passedAt === Infinity ? lastArrival : passedAt);
    }
    signoffWaits.push({ readyAt: new Date(readyAt), approvedAt: new Date(approvedAt), weekOf: deployment.at });
  }
  return { signoffWaits, gateWaits: gateWaitFacts };
}

/** The longest range one request computes: a year and a bit, so a request's work stays bounded. */
export const maxInsightsDays = 400;

/**
 * The range a page or API call asks for: `days` back from now (30, 90, 365), or `from`–`to`
 * (ISO 8601; `to` defaults to now). Refused with the reason when it is not a time or too long.
 */
export function insightsRange(input: { from?: string | null; to?: string | null; days?: string | null }, now: Date) {
  const parse = (name: string, value: string) => {
    const at = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
      throw invalid(`\`${name}\` must be an ISO 8601 date or time, e.g. 2026-12-01`);
    return at;
  };
  const to = input.to ? parse("to", input.to) : now;
  let from: Date;
  if (input.from) from = parse("from", input.from);
  else {
    const days = input.days ? Number(input.days) : 30;
    if (!Number.isInteger(days) || days < 1 || days > maxInsightsDays)
      throw invalid(`\`days\` must be a whole number from 1 to ${maxInsightsDays}`);
    from = new Date(to.getTime() - days * day);
  }
  if (from >= to) throw invalid("`from` must be before `to`");
  if (to.getTime() - from.getTime() > maxInsightsDays * day)
    throw invalid(`A range is at most ${maxInsightsDays} days`);
  return { from, to };
}

/** The JSON the API answers (README: Insights): seconds for times, 0–1 for the failure rate. */
export function insightsJson(insights: Insights) {
  return {
    from: insights.from.toISOString(),
    to: insights.to.toISOString(),
    deploymentFrequency: {
      total: insights.deploymentFrequency.total,
      perDay: insights.deploymentFrequency.perDay,
      perWeek: insights.deploymentFrequency.perWeek,
    },
    leadTime: {
      median: insights.leadTime.median,
      p90: insights.leadTime.p90,
      releases: insights.leadTime.releases,
      withoutCommitTime: insights.leadTime.withoutCommitTime,
    },
    changeFailureRate: insights.changeFailureRate.value,
    recoveryTime: { median: insights.recoveryTime.median },
    flow: insights.flow,
    levels: {
      deploymentFrequency: insights.deploymentFrequency.level,
      leadTime: insights.leadTime.level,
      changeFailureRate: insights.changeFailureRate.level,
      recoveryTime: insights.recoveryTime.level,
    },
  };
}
