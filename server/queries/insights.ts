import { and, asc, eq, gte, inArray, isNull, lt, lte, max, ne, or, sql, type SQLWrapper } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { inJsonList, jsonList } from "../../db/dialect";
import { first as firstRow, readTransaction, type Queryable, type Tx } from "../../db/client";
import {
  auditEvents,
  checkResults,
  deployments,
  environmentLocks,
  environments,
  freezeWindows,
  projects,
  releases,
  releaseStayDays,
  releaseStays,
  signoffs,
  transitions,
  type Environment,
} from "../../db/schema";
import { activeFreeze, type FreezeSpec } from "../domain/freeze";
import { sortPipeline } from "../domain/policy";
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
  type StayLengthsFact,
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
      insights: (await insightsOfProjects(tx, [project.id], range)).get(project.id)!,
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
    const insightsOf = await insightsOfProjects(
      tx,
      all.map((p) => p.id),
      range,
    );
    const rows = all.map((project) => ({
      project: { slug: project.slug, name: project.name },
      insights: insightsOf.get(project.id)!,
    }));
    organisationMemos.set(db, { lastEventId, from, to, rows });
    return rows;
  });
}

/** How many projects' moves into production one statement reads (the pairs' derived table is a `union all` each). */
const movedGoLivesBatch = 400;

/** A project whose figures are being computed, with its pipeline's last two environments. */
type Planned = {
  projectId: number;
  pipeline: Environment[];
  production: Environment;
  before: Environment | null;
  only: boolean;
};

/**
 * The figures of several projects (one for a project's page, every project for the organisation's
 * table), each kind of fact read for all of them in one query rather than once per project
 * (BENCHMARKS.md, Round 3): pipelines, go-lives, rollbacks out of production, stays, check results,
 * locks and freeze windows. What each project's figures mean does not depend on the others.
 */
async function insightsOfProjects(tx: Tx, projectIds: number[], range: InsightsRange): Promise<Map<number, Insights>> {
  const result = new Map<number, Insights>();
  if (!projectIds.length) return result;
  const pipelines = new Map<number, Environment[]>();
  for (const environment of await tx
    .select()
    .from(environments)
    .where(and(inArray(environments.projectId, projectIds), isNull(environments.removedAt)))) {
    const list = pipelines.get(environment.projectId);
    if (list) list.push(environment);
    else pipelines.set(environment.projectId, [environment]);
  }
  const planned: Planned[] = [];
  for (const projectId of projectIds) {
    const pipeline = sortPipeline(pipelines.get(projectId) ?? []);
    const production = pipeline.at(-1);
    if (!production) result.set(projectId, computeInsights(emptyFacts(range, [])));
    else
      planned.push({ projectId, pipeline, production, before: pipeline.at(-2) ?? null, only: pipeline.length === 1 });
  }
  const goLivesOf = new Map<number, { successes: GoLive[]; failures: FailedDeployFact[] }>();
  for (const p of planned.filter((p) => p.production.deployTarget))
    goLivesOf.set(p.projectId, await reportedGoLives(tx, p, range));
  for (const only of [false, true]) {
    const group = planned.filter((p) => !p.production.deployTarget && p.only === only);
    // At most movedGoLivesBatch projects a statement: SQLite takes at most 500 terms in a compound select.
    for (let i = 0; i < group.length; i += movedGoLivesBatch)
      for (const [id, moved] of await movedGoLives(tx, group.slice(i, i + movedGoLivesBatch), only, range))
        goLivesOf.set(id, moved);
  }
  const rollbacksOf = await productionRollbacks(tx, planned, goLivesOf, range);
  const staysOf = await stays(tx, planned, range);
  const gatesOf = await gateFacts(tx, planned, goLivesOf);
  for (const p of planned) {
    const deployed = goLivesOf.get(p.projectId)!;
    const gates = gatesOf.get(p.projectId);
    const facts: InsightFacts = {
      ...range,
      deployments: deployed.successes,
      failedDeploys: deployed.failures,
      rollbacks: rollbacksOf.get(p.projectId) ?? [],
      leadTimes: leadTimes(deployed.successes),
      stays: staysOf.get(p.projectId)?.stays ?? [],
      stayLengths: staysOf.get(p.projectId)?.stayLengths ?? [],
      environments: p.pipeline.map((e) => e.slug),
      ...(p.before && gates
        ? waitsBeforeGoLive(p.production, deployed.successes, gates)
        : { signoffWaits: [], gateWaits: [] }),
    };
    result.set(p.projectId, computeInsights(facts));
  }
  return result;
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

const takesSignoffs = (production: Environment) =>
  production.requiredSignoffs > 0 || (production.approvals ?? []).length > 0;

/**
 * The columns every go-live carries, for the outer row's release, go-live time, production and
 * environment before it (null: none), and whether it went live before the range.
 */
function perGoLive(
  tx: Tx,
  go: { releaseId: SQLWrapper; liveAt: SQLWrapper; production: SQLWrapper; before: SQLWrapper | null },
  liveBefore: SQLWrapper,
) {
  return {
    committedAt: releases.committedAt,
    createdAt: releases.createdAt,
    liveBefore: sql<number>`case when exists ${liveBefore} then 1 else 0 end`.mapWith(Number),
    arrivedAt: go.before
      ? sql<Date | null>`${tx
          .select({ at: max(releaseStays.arrivedAt) })
          .from(releaseStays)
          .where(
            and(
              eq(releaseStays.releaseId, go.releaseId),
              eq(releaseStays.environmentId, go.before),
              lte(releaseStays.arrivedAt, go.liveAt),
            ),
          )}`.mapWith(releaseStays.arrivedAt)
      : sql<Date | null>`null`,
    approvedAt: sql<Date | null>`${tx
      .select({ at: max(signoffs.createdAt) })
      .from(signoffs)
      .where(
        and(
          eq(signoffs.releaseId, go.releaseId),
          eq(signoffs.environmentId, go.production),
          eq(signoffs.decision, "approve"),
          lte(signoffs.createdAt, go.liveAt),
        ),
      )}`.mapWith(signoffs.createdAt),
  };
}

const goLive = (
  r: {
    releaseId: number;
    at: Date;
    kind: string | null;
    committedAt: Date | null;
    createdAt: Date;
    liveBefore: number;
    arrivedAt: Date | null;
    approvedAt: Date | null;
  },
  production: Environment,
): GoLive => ({
  releaseId: r.releaseId,
  at: r.at,
  rollback: r.kind === "rollback",
  startedAt: r.committedAt ?? r.createdAt,
  hadCommitTime: r.committedAt !== null,
  liveBefore: r.liveBefore === 1,
  arrivedAt: r.arrivedAt,
  approvedAt: takesSignoffs(production) ? r.approvedAt : null,
});

/** Where production has a deploy target: its successful deploy reports in the range (and failed ones). */
async function reportedGoLives(
  tx: Tx,
  { production, before }: Planned,
  range: InsightsRange,
): Promise<{ successes: GoLive[]; failures: FailedDeployFact[] }> {
  const earlier = alias(deployments, "earlier");
  const rows = await tx
    .select({
      releaseId: deployments.releaseId,
      succeededAt: deployments.succeededAt,
      status: deployments.status,
      statusAt: deployments.statusAt,
      kind: transitions.kind,
      ...perGoLive(
        tx,
        {
          releaseId: deployments.releaseId,
          liveAt: deployments.succeededAt,
          production: sql`${production.id}`,
          before: before ? sql`${before.id}` : null,
        },
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
      .map((r) => goLive({ ...r, at: r.succeededAt! }, production)),
    failures: rows.filter((r) => r.status === "failed").map((r) => ({ releaseId: r.releaseId, at: r.statusAt })),
  };
}

/**
 * Elsewhere, the moves into production in the range (a rollback into production counts: it
 * restores service), for a group of projects whose pipelines are all one environment long or all
 * longer, in one query: each move is joined to its production's environment before (a derived
 * table of the group's pairs, ids written as integers).
 */
async function movedGoLives(
  tx: Tx,
  group: Planned[],
  only: boolean,
  range: InsightsRange,
): Promise<Map<number, { successes: GoLive[]; failures: FailedDeployFact[] }>> {
  const kinds = liveKinds(only);
  const earlier = alias(transitions, "earlier");
  const integer = (id: number | undefined) => (id === undefined ? sql`null` : sql.raw(String(Math.trunc(id))));
  const pairs = sql.join(
    group.map(
      (p) =>
        sql`select cast(${integer(p.production.id)} as integer) as "production", cast(${integer(p.before?.id)} as integer) as "before"`,
    ),
    sql` union all `,
  );
  const moves = await tx
    .select({
      projectId: transitions.projectId,
      productionId: transitions.toEnvironmentId,
      releaseId: transitions.releaseId,
      at: transitions.createdAt,
      kind: transitions.kind,
      ...perGoLive(
        tx,
        {
          releaseId: transitions.releaseId,
          liveAt: transitions.createdAt,
          production: transitions.toEnvironmentId,
          before: only ? null : sql`"pairs"."before"`,
        },
        // Found through the release's stays in production (every move there opened one; its index
        // holds release and time), the move's kind read only for a stay that began before the range.
        tx
          .select({ one: sql`1` })
          .from(releaseStays)
          .innerJoin(earlier, eq(earlier.id, releaseStays.transitionId))
          .where(
            and(
              eq(releaseStays.environmentId, transitions.toEnvironmentId),
              eq(releaseStays.releaseId, transitions.releaseId),
              lt(releaseStays.arrivedAt, range.from),
              inArray(earlier.kind, kinds),
            ),
          ),
      ),
    })
    .from(transitions)
    .innerJoin(sql`(${pairs}) as "pairs"`, sql`"pairs"."production" = ${transitions.toEnvironmentId}`)
    .innerJoin(releases, eq(releases.id, transitions.releaseId))
    .where(
      and(
        inArray(transitions.kind, kinds),
        gte(transitions.createdAt, range.from),
        lte(transitions.createdAt, range.to),
      ),
    )
    .orderBy(asc(transitions.id));
  const byProduction = new Map(group.map((p) => [p.production.id, p]));
  const result = new Map(group.map((p) => [p.projectId, { successes: [] as GoLive[], failures: [] }]));
  for (const move of moves) {
    const p = byProduction.get(move.productionId!);
    if (p && p.projectId === move.projectId) result.get(p.projectId)!.successes.push(goLive(move, p.production));
  }
  return result;
}

/**
 * Rollbacks into or out of production in the range, per project. Without a deploy target, those
 * into it are among its go-lives already; those out of it are read for all such projects at once,
 * by production's id and time (its index), not the projects' other moves.
 */
async function productionRollbacks(
  tx: Tx,
  planned: Planned[],
  goLivesOf: Map<number, { successes: GoLive[] }>,
  range: InsightsRange,
): Promise<Map<number, RollbackFact[]>> {
  const result = new Map<number, RollbackFact[]>();
  const inRange = and(
    eq(transitions.kind, "rollback"),
    gte(transitions.createdAt, range.from),
    lte(transitions.createdAt, range.to),
  );
  for (const { projectId, production } of planned.filter((p) => p.production.deployTarget))
    result.set(
      projectId,
      await tx
        .select({ at: transitions.createdAt })
        .from(transitions)
        .where(
          and(
            eq(transitions.projectId, projectId),
            inRange,
            or(eq(transitions.toEnvironmentId, production.id), eq(transitions.fromEnvironmentId, production.id)),
          ),
        ),
    );
  const moved = planned.filter((p) => !p.production.deployTarget);
  for (const p of moved)
    result.set(
      p.projectId,
      goLivesOf
        .get(p.projectId)!
        .successes.filter((g) => g.rollback)
        .map((g) => ({ at: g.at })),
    );
  if (moved.length) {
    const projectOf = new Map(moved.map((p) => [p.production.id, p.projectId]));
    const out = await tx
      .select({ from: transitions.fromEnvironmentId, at: transitions.createdAt })
      .from(transitions)
      .where(
        and(
          inArray(transitions.fromEnvironmentId, [...projectOf.keys()]),
          inRange,
          or(isNull(transitions.toEnvironmentId), ne(transitions.toEnvironmentId, transitions.fromEnvironmentId)),
        ),
      );
    for (const row of out) result.get(projectOf.get(row.from!)!)!.push({ at: row.at });
  }
  return result;
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
 * one), per project, from what the moves' trigger keeps: the lengths of the stays that ended on
 * each whole day of the range from release_stay_days (one row per day and environment), those of
 * the partial first and last day from release_stays. A day's list is kept as its lengths, at that
 * day's start: what is computed from a stay is its length and the week it ended in, the same either
 * way. Environments no longer in a pipeline are left out.
 */
async function stays(
  tx: Tx,
  planned: Planned[],
  range: InsightsRange,
): Promise<Map<number, { stays: StayFact[]; stayLengths: StayLengthsFact[] }>> {
  const slugOf = new Map(planned.flatMap((p) => p.pipeline.map((e) => [e.id, e.slug] as const)));
  const projectIds = planned.map((p) => p.projectId);
  const result = new Map<number, { stays: StayFact[]; stayLengths: StayLengthsFact[] }>(
    projectIds.map((id) => [id, { stays: [], stayLengths: [] }]),
  );
  const add = (projectId: number, environmentId: number, from: Date, until: Date) => {
    const environment = slugOf.get(environmentId);
    if (environment) result.get(projectId)?.stays.push({ environment, from, until });
  };
  if (!projectIds.length) return result;
  // Whole days: from the first midnight at or after `from` to the last midnight whose day ends by `to`.
  const firstDay = Math.ceil(range.from.getTime() / day) * day;
  const endDay = Math.floor((range.to.getTime() + 1) / day) * day;
  const edges =
    firstDay < endDay
      ? [
          [range.from, new Date(firstDay - 1)],
          [new Date(endDay), range.to],
        ]
      : [[range.from, range.to]];
  for (const [from, to] of edges) {
    if (from! > to!) continue;
    const rows = await tx
      .select({
        projectId: releaseStays.projectId,
        environmentId: releaseStays.environmentId,
        from: releaseStays.arrivedAt,
        until: releaseStays.leftAt,
      })
      .from(releaseStays)
      .where(
        and(
          inArray(releaseStays.projectId, projectIds),
          gte(releaseStays.leftAt, from!),
          lte(releaseStays.leftAt, to!),
        ),
      );
    for (const row of rows) add(row.projectId, row.environmentId, row.from, row.until!);
  }
  if (firstDay < endDay) {
    const days = await tx
      .select({
        projectId: releaseStayDays.projectId,
        environmentId: releaseStayDays.environmentId,
        day: releaseStayDays.day,
        lengths: releaseStayDays.lengths,
      })
      .from(releaseStayDays)
      .where(
        and(
          inArray(releaseStayDays.projectId, projectIds),
          gte(releaseStayDays.day, new Date(firstDay)),
          lt(releaseStayDays.day, new Date(endDay)),
        ),
      );
    for (const row of days) {
      const environment = slugOf.get(row.environmentId);
      if (environment)
        result.get(row.projectId)?.stayLengths.push({ environment, until: row.day, lengths: row.lengths });
    }
  }
  return result;
}

/** What a project's gate waits are judged from besides its go-lives: results before production, production's locks and freezes. */
type GateFacts = {
  resultsOf: Map<number, { check: string; at: number; passed: boolean }[]>;
  lockedUntil: (at: number) => number | null;
  frozenUntil: (at: number) => number | null;
};

/**
 * The check results, locks and freeze windows the gate waits of every project with an environment
 * before production are judged from, each read once for all of them: production's required checks'
 * results in the environment before, for the releases judged (their ids as one parameter: an index
 * lookup each); production's locks from their history and its freeze windows as configured now.
 */
async function gateFacts(
  tx: Tx,
  planned: Planned[],
  goLivesOf: Map<number, { successes: GoLive[] }>,
): Promise<Map<number, GateFacts>> {
  const judged = planned.filter((p) => p.before);
  const result = new Map<number, GateFacts>();
  if (!judged.length) return result;
  const checking = judged.filter((p) => p.production.requiredChecks.length);
  const ids = checking.flatMap((p) =>
    goLivesOf
      .get(p.projectId)!
      .successes.filter((d) => !d.rollback && d.arrivedAt !== null)
      .map((d) => d.releaseId),
  );
  const results = ids.length
    ? await tx
        .select({
          releaseId: checkResults.releaseId,
          environmentId: checkResults.environmentId,
          check: checkResults.checkName,
          at: checkResults.createdAt,
          status: checkResults.status,
        })
        .from(checkResults)
        .where(
          and(
            inJsonList(checkResults.releaseId, jsonList([...new Set(ids)])),
            inArray(
              checkResults.environmentId,
              checking.map((p) => p.before!.id),
            ),
            inArray(checkResults.status, ["passed", "failed"]),
            inArray(checkResults.checkName, [...new Set(checking.flatMap((p) => p.production.requiredChecks))]),
          ),
        )
        .orderBy(asc(checkResults.id))
    : [];
  const productions = judged.map((p) => p.production.id);
  const locksOf = new Map<number, { from: number; until: number }[]>();
  for (const l of await tx
    .select({
      environmentId: environmentLocks.environmentId,
      from: environmentLocks.createdAt,
      until: environmentLocks.unlockedAt,
    })
    .from(environmentLocks)
    .where(inArray(environmentLocks.environmentId, productions)))
    locksOf.set(l.environmentId, [
      ...(locksOf.get(l.environmentId) ?? []),
      { from: l.from.getTime(), until: l.until?.getTime() ?? Infinity },
    ]);
  const windowsOf = new Map<number, FreezeSpec[]>();
  for (const w of await tx.select().from(freezeWindows).where(inArray(freezeWindows.environmentId, productions))) {
    const spec = toFreezeSpec(w);
    if (spec) windowsOf.set(w.environmentId, [...(windowsOf.get(w.environmentId) ?? []), spec]);
  }
  const checkingIds = new Set(checking.map((p) => p.projectId));
  for (const p of judged) {
    const locks = locksOf.get(p.production.id) ?? [];
    const windows = windowsOf.get(p.production.id) ?? [];
    const resultsOf = new Map<number, { check: string; at: number; passed: boolean }[]>();
    result.set(p.projectId, {
      resultsOf,
      lockedUntil: (at) => locks.find((l) => l.from <= at && at < l.until)?.until ?? null,
      frozenUntil: (at) => activeFreeze(windows, new Date(at))?.endsAt.getTime() ?? null,
    });
    if (!checkingIds.has(p.projectId)) continue;
    const mine = new Set(goLivesOf.get(p.projectId)!.successes.map((d) => d.releaseId));
    for (const r of results) {
      if (!mine.has(r.releaseId) || r.environmentId !== p.before!.id || !p.production.requiredChecks.includes(r.check))
        continue;
      const judgedResult = { check: r.check, at: r.at.getTime(), passed: r.status === "passed" };
      const list = resultsOf.get(r.releaseId);
      if (list) list.push(judgedResult);
      else resultsOf.set(r.releaseId, [judgedResult]);
    }
  }
  return result;
}

/**
 * For each forward deployment to production, what it waited on in the environment before (README:
 * Insights). The sign-off wait, where production takes sign-offs: from when it was ready for
 * sign-off — arrived there, with each of production's required checks passed there — to the last
 * approval given before it went live. And the time each other gate held it (domain gateWaits):
 * failing required checks, the soak, and a lock or freeze of production standing once the rest was
 * met (freeze windows as configured now; locks from their history).
 */
function waitsBeforeGoLive(
  production: Environment,
  deployed: GoLive[],
  { resultsOf, lockedUntil, frozenUntil }: GateFacts,
): { signoffWaits: SignoffWaitFact[]; gateWaits: GateWaitFact[] } {
  const soakMs = production.minSoakMinutes * 60_000;
  const signoffWaits: SignoffWaitFact[] = [];
  const gateWaitFacts: GateWaitFact[] = [];
  for (const deployment of deployed) {
    if (deployment.rollback || deployment.arrivedAt === null) continue;
    const live = deployment.at.getTime();
    const lastArrival = deployment.arrivedAt.getTime();
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
