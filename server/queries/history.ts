import { timeParam } from "../../db/dialect";
import { first, rawRows } from "../../db/client";
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { readTransaction, type Queryable, type Tx } from "../../db/client";
import {
  auditEvents,
  checkResults,
  deployments,
  environmentLocks,
  freezeWindows,
  releaseChanges,
  releases,
  transitions,
  type CheckStatus,
  type Environment,
  type TransitionKind,
} from "../../db/schema";
import { activeFreeze } from "../domain/freeze";
import { compareReleases } from "../domain/release-order";
import { findEnvironment, findProject, findRelease, loadPipeline, toFreezeSpec } from "../engine";

/** The checks of a card, summed up: failed wins over running, running over passed. */
export type ChecksSummary = "passed" | "failed" | "running" | "none";

export type BoardAtRelease = {
  version: string;
  /** The checks recorded for it in that environment as they stood then. */
  status: ChecksSummary;
  checks: { name: string; status: CheckStatus }[];
  /** When it entered the environment it was in then. */
  since: Date;
  /** How it got there: the transition's kind and who made it. */
  arrived: { kind: TransitionKind; by: string };
  held: boolean;
  /** Its deploy into that environment as it stood then, when the environment deploys. */
  deploy: "deploying" | "succeeded" | "failed" | "cancelled" | null;
};

export type BoardAtEnvironment = {
  slug: string;
  name: string;
  locked: boolean;
  lock: { reason: string; by: string } | null;
  frozen: boolean;
  releases: BoardAtRelease[];
};

export type BoardAt = { at: Date; project: { slug: string; name: string }; environments: BoardAtEnvironment[] };

type Entry = { releaseId: number; transitionId: number; kind: TransitionKind; by: string; since: Date };

/**
 * The board as it stood at `at` (README: History). Built from the append-only history with
 * index seeks per environment, not a replay: a release was in E at `at` when it is in E now and
 * entered before `at`, or when it left E after `at` and its move into E came before `at`. So
 * the work is the releases in E now plus the moves out of E since `at`, whatever the history's
 * length. Freeze windows are the ones configured now (they are edited in place); locks, holds,
 * checks and deploys are as they were.
 */
export async function getBoardAt(db: Queryable, slug: string, at: Date): Promise<BoardAt> {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const pipeline = await loadPipeline(tx, project.id);
    const ids = pipeline.map((e) => e.id);
    const locks = ids.length
      ? await tx
          .select()
          .from(environmentLocks)
          .where(
            and(
              inArray(environmentLocks.environmentId, ids),
              lte(environmentLocks.createdAt, at),
              or(isNull(environmentLocks.unlockedAt), gt(environmentLocks.unlockedAt, at)),
            ),
          )
      : [];
    const windows = ids.length
      ? await tx.select().from(freezeWindows).where(inArray(freezeWindows.environmentId, ids))
      : [];
    const environments = await Promise.all(
      pipeline.map(async (environment): Promise<BoardAtEnvironment> => {
        const entries = await entriesAt(tx, environment, at);
        const lock = locks.find((l) => l.environmentId === environment.id);
        const specs = windows.filter((w) => w.environmentId === environment.id).flatMap((w) => toFreezeSpec(w) ?? []);
        return {
          slug: environment.slug,
          name: environment.name,
          locked: Boolean(lock),
          lock: lock ? { reason: lock.reason, by: lock.actorName } : null,
          frozen: activeFreeze(specs, at) !== null,
          releases: await describeEntries(tx, environment, entries, at),
        };
      }),
    );
    return { at, project: { slug: project.slug, name: project.name }, environments };
  });
}

/** The releases in an environment at `at`, each with the move that brought it there. */
async function entriesAt(tx: Tx, environment: Environment, at: Date): Promise<Entry[]> {
  type Row = { releaseId: number; transitionId: number; kind: TransitionKind; by: string; since: number | Date };
  const when = timeParam(at);
  // In it now, and since before `at`: the move that brought each one is its latest.
  const stillThere = await rawRows<Row>(
    tx,
    sql`
    select p.release_id as "releaseId", p.id as "transitionId", p.kind as kind, p.actor_name as "by", p.created_at as since
    from releases r
    join transitions p on p.id = (select max(x.id) from transitions x where x.release_id = r.id)
    where r.environment_id = ${environment.id} and r.state = 'active' and r.entered_at <= ${when}`,
  );
  // Left it after `at`, having come in before: the move before each leaving one brought it.
  const leftSince = await rawRows<Row>(
    tx,
    sql`
    select p.release_id as "releaseId", p.id as "transitionId", p.kind as kind, p.actor_name as "by", p.created_at as since
    from transitions t
    join transitions p on p.id = (select max(x.id) from transitions x where x.release_id = t.release_id and x.id < t.id)
    where t.from_environment_id = ${environment.id} and t.created_at > ${when}
      and p.created_at <= ${when} and p.to_environment_id = ${environment.id}
    order by t.id`,
  );
  const entries = new Map<number, Entry>();
  for (const row of [...stillThere, ...leftSince])
    if (!entries.has(row.releaseId)) entries.set(row.releaseId, { ...row, since: new Date(row.since) });
  return [...entries.values()].sort((a, b) => b.since.getTime() - a.since.getTime() || b.transitionId - a.transitionId);
}

async function describeEntries(
  tx: Tx,
  environment: Environment,
  entries: Entry[],
  at: Date,
): Promise<BoardAtRelease[]> {
  if (!entries.length) return [];
  const releaseIds = entries.map((e) => e.releaseId);
  const versions = new Map(
    (
      await tx
        .select({ id: releases.id, version: releases.version })
        .from(releases)
        .where(inArray(releases.id, releaseIds))
    ).map((r) => [r.id, r.version]),
  );
  return await Promise.all(
    entries.map(async (entry) => {
      const checks = await checksAt(tx, entry.releaseId, environment.id, at);
      return {
        version: versions.get(entry.releaseId) ?? "?",
        status: summarize(checks.map((c) => c.status)),
        checks,
        since: entry.since,
        arrived: { kind: entry.kind, by: entry.by },
        held: entry.kind === "rollback" && !(await holdReleasedBetween(tx, entry.releaseId, entry.since, at)),
        deploy: await deployAt(tx, entry, environment.id, at),
      };
    }),
  );
}

/** The latest result per check recorded for a release in an environment up to `at`. */
export async function checksAt(tx: Tx, releaseId: number, environmentId: number, at: Date) {
  const latest = (
    await tx
      .select({ id: sql<number>`max(${checkResults.id})`.as("id") })
      .from(checkResults)
      .where(
        and(
          eq(checkResults.releaseId, releaseId),
          eq(checkResults.environmentId, environmentId),
          lte(checkResults.createdAt, at),
        ),
      )
      .groupBy(checkResults.checkName)
  ).map((r) => r.id);
  if (!latest.length) return [];
  return await tx
    .select({ name: checkResults.checkName, status: checkResults.status })
    .from(checkResults)
    .where(inArray(checkResults.id, latest))
    .orderBy(asc(checkResults.checkName));
}

export function summarize(statuses: CheckStatus[]): ChecksSummary {
  if (!statuses.length) return "none";
  if (statuses.some((s) => s === "failed" || s === "error")) return "failed";
  if (statuses.some((s) => s === "running")) return "running";
  return "passed";
}

async function holdReleasedBetween(tx: Tx, releaseId: number, from: Date, to: Date): Promise<boolean> {
  return (
    (await first(
      tx
        .select({ id: auditEvents.id })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.releaseId, releaseId),
            eq(auditEvents.kind, "release.hold_released"),
            gte(auditEvents.createdAt, from),
            lte(auditEvents.createdAt, to),
          ),
        )
        .limit(1),
    )) !== undefined
  );
}

/**
 * A deployment row is updated as reports arrive, so its state at `at` is its status when that
 * report came before `at`, and "deploying" while it was asked for and had no final report yet.
 */
async function deployAt(tx: Tx, entry: Entry, environmentId: number, at: Date): Promise<BoardAtRelease["deploy"]> {
  const row = await first(
    tx
      .select()
      .from(deployments)
      .where(
        and(
          eq(deployments.releaseId, entry.releaseId),
          eq(deployments.environmentId, environmentId),
          lte(deployments.requestedAt, at),
          gte(deployments.requestedAt, entry.since),
        ),
      )
      .orderBy(desc(deployments.id))
      .limit(1),
  );
  if (!row) return null;
  if (row.succeededAt && row.succeededAt <= at) return "succeeded";
  if (row.statusAt <= at && (row.status === "failed" || row.status === "cancelled")) return row.status;
  return "deploying";
}

/** Moments of a project's moves in a time range, for the board's time scrubber. */
export async function transitionTimes(db: Queryable, slug: string, from: Date, to: Date, limit = 2_000) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    return await tx
      .select({ at: transitions.createdAt, kind: transitions.kind, version: releases.version })
      .from(transitions)
      .innerJoin(releases, eq(releases.id, transitions.releaseId))
      .where(
        and(eq(transitions.projectId, project.id), gte(transitions.createdAt, from), lte(transitions.createdAt, to)),
      )
      .orderBy(desc(transitions.id))
      .limit(limit);
  });
}

export type Stay = {
  version: string;
  from: Date;
  /** Null while it is still there. */
  until: Date | null;
  arrived: { kind: TransitionKind; by: string; reason: string | null };
  left: { kind: TransitionKind; by: string; to: string | null; reason: string | null } | null;
  deploy: { status: string; at: Date } | null;
};

/**
 * What was in an environment when (README: History): each release that entered it, newest
 * first, from when to when, how it arrived and how it left, with its deploy's outcome.
 */
export async function getEnvironmentHistory(db: Queryable, slug: string, environmentSlug: string, limit = 100) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const pipeline = await loadPipeline(tx, project.id);
    const environment = findEnvironment(pipeline, environmentSlug, project);
    const nameOf = (id: number | null) => pipeline.find((e) => e.id === id)?.name ?? null;
    const entries = await tx
      .select({
        id: transitions.id,
        releaseId: transitions.releaseId,
        kind: transitions.kind,
        actorName: transitions.actorName,
        reason: transitions.reason,
        createdAt: transitions.createdAt,
        version: releases.version,
      })
      .from(transitions)
      .innerJoin(releases, eq(releases.id, transitions.releaseId))
      .where(eq(transitions.toEnvironmentId, environment.id))
      .orderBy(desc(transitions.id))
      .limit(limit);
    const stays = await Promise.all(
      entries.map(async (entry): Promise<Stay> => {
        const leave = await first(
          tx
            .select()
            .from(transitions)
            .where(and(eq(transitions.releaseId, entry.releaseId), gt(transitions.id, entry.id)))
            .orderBy(asc(transitions.id))
            .limit(1),
        );
        const deploy = await first(
          tx
            .select({ status: deployments.status, at: deployments.statusAt })
            .from(deployments)
            .where(
              and(
                eq(deployments.releaseId, entry.releaseId),
                eq(deployments.environmentId, environment.id),
                eq(deployments.transitionId, entry.id),
              ),
            )
            .orderBy(desc(deployments.id))
            .limit(1),
        );
        return {
          version: entry.version,
          from: entry.createdAt,
          until: leave?.createdAt ?? null,
          arrived: { kind: entry.kind, by: entry.actorName, reason: entry.reason },
          left: leave
            ? { kind: leave.kind, by: leave.actorName, to: nameOf(leave.toEnvironmentId), reason: leave.reason }
            : null,
          deploy: deploy ?? null,
        };
      }),
    );
    return {
      project: { slug: project.slug, name: project.name },
      environment: { slug: environment.slug, name: environment.name, last: environment.id === pipeline.at(-1)?.id },
      stays,
      generatedAt: new Date(),
    };
  });
}

export type ComparedCheck = {
  environment: string;
  check: string;
  base: { status: CheckStatus; tests: number | null; failures: number | null } | null;
  head: { status: CheckStatus; tests: number | null; failures: number | null } | null;
  /** Failing in the newer release where the older one passed or had no result. */
  newFailure: boolean;
};

/**
 * Two releases of a project compared (README: History): the changes the newer one brings
 * (from every release after the older one up to the newer, each change once), their checks
 * side by side, the time each spent in each environment, and the notes in between.
 */
export async function compareReleaseVersions(db: Queryable, slug: string, baseVersion: string, headVersion: string) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const pipeline = await loadPipeline(tx, project.id);
    let base = await findRelease(tx, project, baseVersion);
    let head = await findRelease(tx, project, headVersion);
    const swapped = compareReleases(base, head) > 0;
    if (swapped) [base, head] = [head, base];
    const all = await tx
      .select({ id: releases.id, version: releases.version, createdAt: releases.createdAt, notes: releases.notes })
      .from(releases)
      .where(eq(releases.projectId, project.id));
    const between = all
      .filter((r) => compareReleases(r, base) > 0 && compareReleases(r, head) <= 0)
      .sort(compareReleases);
    const changeRows = between.length
      ? await tx
          .select()
          .from(releaseChanges)
          .where(
            inArray(
              releaseChanges.releaseId,
              between.map((r) => r.id),
            ),
          )
          .orderBy(asc(releaseChanges.releaseId), asc(releaseChanges.position))
      : [];
    const versionOf = new Map(between.map((r) => [r.id, r.version]));
    const seen = new Set<string>();
    const changes = changeRows.flatMap((c) => {
      if (seen.has(c.ref)) return [];
      seen.add(c.ref);
      return [{ id: c.ref, title: c.title, author: c.author, url: c.url, version: versionOf.get(c.releaseId) ?? "" }];
    });
    return {
      project: { slug: project.slug, name: project.name },
      base: { version: base.version, createdAt: base.createdAt },
      head: { version: head.version, createdAt: head.createdAt },
      swapped,
      changes,
      checks: await compareChecks(tx, pipeline, base.id, head.id),
      timeIn: await Promise.all(
        pipeline.map(async (environment) => ({
          environment: environment.name,
          base: await timeSpentIn(tx, base.id, environment.id),
          head: await timeSpentIn(tx, head.id, environment.id),
        })),
      ),
      notes: between
        .filter((r) => r.notes && r.notes.trim())
        .map((r) => ({ version: r.version, notes: r.notes! }))
        .reverse(),
    };
  });
}

async function latestResults(tx: Tx, releaseId: number) {
  const ids = (
    await tx
      .select({ id: sql<number>`max(${checkResults.id})`.as("id") })
      .from(checkResults)
      .where(eq(checkResults.releaseId, releaseId))
      .groupBy(checkResults.environmentId, checkResults.checkName)
  ).map((r) => r.id);
  return ids.length ? await tx.select().from(checkResults).where(inArray(checkResults.id, ids)) : [];
}

async function compareChecks(
  tx: Tx,
  pipeline: Environment[],
  baseId: number,
  headId: number,
): Promise<ComparedCheck[]> {
  const key = (r: { environmentId: number; checkName: string }) => `${r.environmentId}\u0000${r.checkName}`;
  const base = new Map((await latestResults(tx, baseId)).map((r) => [key(r), r]));
  const head = new Map((await latestResults(tx, headId)).map((r) => [key(r), r]));
  const keys = [...new Set([...base.keys(), ...head.keys()])];
  const position = (environmentId: number) => pipeline.findIndex((e) => e.id === environmentId);
  const failing = (s: CheckStatus | undefined) => s === "failed" || s === "error";
  return keys
    .map((k) => {
      const b = base.get(k);
      const h = head.get(k);
      const any = (h ?? b)!;
      const pick = (r: typeof b) => (r ? { status: r.status, tests: r.tests, failures: r.failures } : null);
      return {
        order: position(any.environmentId),
        environment: pipeline.find((e) => e.id === any.environmentId)?.name ?? "a removed environment",
        check: any.checkName,
        base: pick(b),
        head: pick(h),
        newFailure: failing(h?.status) && !failing(b?.status),
      };
    })
    .sort((a, b) => a.order - b.order || a.check.localeCompare(b.check))
    .map(({ order: _order, ...rest }) => rest);
}

/** Milliseconds a release spent in an environment over all its stays there (up to now for the current one). */
async function timeSpentIn(tx: Tx, releaseId: number, environmentId: number, now = new Date()): Promise<number | null> {
  const moves = await tx
    .select({ to: transitions.toEnvironmentId, at: transitions.createdAt })
    .from(transitions)
    .where(eq(transitions.releaseId, releaseId))
    .orderBy(asc(transitions.id));
  let total = 0;
  let visited = false;
  moves.forEach((move, i) => {
    if (move.to !== environmentId) return;
    visited = true;
    const until = moves[i + 1]?.at ?? now;
    total += until.getTime() - move.at.getTime();
  });
  return visited ? total : null;
}
