import { inJsonList, jsonList } from "../../db/dialect";
import { rawRows } from "../../db/client";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { preparedQuery, type Queryable, type Tx } from "../../db/client";
import { inIdsPlaceholder } from "./in-ids";
import {
  checkResults,
  environments,
  environmentLocks,
  freezeWindows,
  latestCheckResults,
  releases,
  scheduledPromotions,
  signoffs,
  taskCompletions,
  transitions,
  type TransitionKind,
  type Environment,
  type FreezeWindow,
  type Release,
} from "../../db/schema";
import type { FreezeSpec, WeekdayName } from "../domain/freeze";
import type { CheckFact, CurrentFact, GateFacts, LockFact, SignoffFact, TaskFact } from "../domain/gates";
import { sortPipeline } from "../domain/policy";
import { teamsNamed, type Asker, type DutyFact, type TeamFact } from "../domain/approvals";
import { loadTeamFacts } from "./teams";
import type { DeploymentFact } from "../domain/deploy";
import { currentDeployments, toDeploymentFact } from "./deploy";

export function toFreezeSpec(row: FreezeWindow): FreezeSpec | null {
  if (row.kind === "once") {
    return row.startsAt && row.endsAt
      ? { kind: "once", startsAt: row.startsAt, endsAt: row.endsAt, reason: row.reason }
      : null;
  }
  return row.days && row.fromTime && row.toTime && row.timeZone
    ? {
        kind: "weekly",
        days: row.days as WeekdayName[],
        from: row.fromTime,
        to: row.toTime,
        timeZone: row.timeZone,
        reason: row.reason,
      }
    : null;
}

/** Facts shared by every release of a project: locks, freeze windows, and what is where. */
export type ProjectFacts = {
  pipeline: Environment[];
  locks: LockFact[];
  freezeWindows: Map<number, FreezeSpec[]>;
  current: CurrentFact[];
  /** The teams the pipeline's policies name (none: no query). */
  teams: Map<string, TeamFact>;
};

const currentReleasesQuery = preparedQuery((db) =>
  db
    .select({
      id: releases.id,
      version: releases.version,
      createdAt: releases.createdAt,
      environmentId: releases.environmentId,
      enteredAt: releases.enteredAt,
      heldByName: releases.heldByName,
    })
    .from(releases)
    .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.state, "active")))
    .prepare(),
);

// Prepared once per connection: every result on a release whose next environment
// auto-promotes reads these (BENCHMARKS.md, the gate-evaluating path).
const openLocksQuery = preparedQuery((db) =>
  db
    .select({
      environmentId: environmentLocks.environmentId,
      reason: environmentLocks.reason,
      actorName: environmentLocks.actorName,
      createdAt: environmentLocks.createdAt,
    })
    .from(environmentLocks)
    .where(and(inIdsPlaceholder(environmentLocks.environmentId, "ids"), isNull(environmentLocks.unlockedAt)))
    .prepare(),
);

const freezeWindowsQuery = preparedQuery((db) =>
  db.select().from(freezeWindows).where(inIdsPlaceholder(freezeWindows.environmentId, "ids")).prepare(),
);

export async function loadProjectFacts(tx: Tx, pipeline: Environment[]): Promise<ProjectFacts> {
  const ids = JSON.stringify(pipeline.map((e) => e.id));
  const locks = pipeline.length ? await openLocksQuery(tx).execute({ ids }) : [];
  const windows = new Map<number, FreezeSpec[]>();
  if (pipeline.length) {
    for (const row of await freezeWindowsQuery(tx).execute({ ids })) {
      const spec = toFreezeSpec(row);
      if (!spec) continue;
      windows.set(row.environmentId, [...(windows.get(row.environmentId) ?? []), spec]);
    }
  }
  return {
    pipeline,
    locks,
    freezeWindows: windows,
    current: await loadCurrentReleases(tx, pipeline),
    teams: await loadTeamFacts(tx, teamsNamed(pipeline)),
  };
}

/** What loadProjectFacts reads, for many projects at once: their pipelines, open locks and freeze windows. */
export type ProjectsFacts = {
  pipelines: Map<number, Environment[]>;
  locks: Map<number, LockFact[]>;
  freezeWindows: Map<number, FreezeSpec[]>;
};

/**
 * loadProjectFacts' reads for many projects in three queries (the overview, the sign-off inbox):
 * each project's pipeline in order, and the open locks and freeze windows of its environments.
 */
export async function loadProjectsFacts(tx: Tx, projectIds: number[]): Promise<ProjectsFacts> {
  const pipelines = new Map<number, Environment[]>();
  const locks = new Map<number, LockFact[]>();
  const windows = new Map<number, FreezeSpec[]>();
  if (projectIds.length === 0) return { pipelines, locks, freezeWindows: windows };
  const environmentRows = await tx
    .select()
    .from(environments)
    .where(and(isNull(environments.removedAt), inJsonList(environments.projectId, jsonList(projectIds))));
  for (const row of environmentRows) pipelines.set(row.projectId, [...(pipelines.get(row.projectId) ?? []), row]);
  for (const [projectId, pipeline] of pipelines) pipelines.set(projectId, sortPipeline(pipeline));
  const ids = JSON.stringify(environmentRows.map((e) => e.id));
  for (const lock of await openLocksQuery(tx).execute({ ids }))
    locks.set(lock.environmentId, [...(locks.get(lock.environmentId) ?? []), lock]);
  for (const row of await freezeWindowsQuery(tx).execute({ ids })) {
    const spec = toFreezeSpec(row);
    if (spec) windows.set(row.environmentId, [...(windows.get(row.environmentId) ?? []), spec]);
  }
  return { pipelines, locks, freezeWindows: windows };
}

/** One project's facts out of loadProjectsFacts, with its active releases and the teams its policies name. */
export function projectFactsOf(
  all: ProjectsFacts,
  projectId: number,
  current: CurrentFact[],
  teams: Map<string, TeamFact>,
): ProjectFacts {
  const pipeline = all.pipelines.get(projectId) ?? [];
  return {
    pipeline,
    locks: pipeline.flatMap((e) => all.locks.get(e.id) ?? []),
    freezeWindows: new Map(
      pipeline.filter((e) => all.freezeWindows.has(e.id)).map((e) => [e.id, all.freezeWindows.get(e.id)!]),
    ),
    current,
    teams,
  };
}

/** The project's active releases and where they are; reread after each move of a cascade. */
export async function loadCurrentReleases(tx: Tx, pipeline: Environment[]): Promise<CurrentFact[]> {
  const projectId = pipeline[0]?.projectId;
  return projectId === undefined ? [] : await currentReleasesQuery(tx).execute({ projectId });
}

/** What the gates read of one release (loadReleaseFacts, loadActiveReleaseFacts). */
export type ReleaseFacts = PerRelease;
type PerRelease = {
  checks: CheckFact[];
  signoffs: SignoffFact[];
  tasks: TaskFact[];
  deployment?: DeploymentFact;
  duties?: DutyFact[];
};

// What people did to releases, for separation of duties: their transitions and scheduled promotions.
const personTransitionsQuery = preparedQuery((db) =>
  db
    .select({
      releaseId: transitions.releaseId,
      kind: transitions.kind,
      toEnvironmentId: transitions.toEnvironmentId,
      overriddenGates: transitions.overriddenGates,
      actorId: transitions.actorId,
      actorName: transitions.actorName,
      version: releases.version,
      createdAt: transitions.createdAt,
    })
    .from(transitions)
    .innerJoin(releases, eq(releases.id, transitions.releaseId))
    .where(and(inIdsPlaceholder(transitions.releaseId, "ids"), eq(transitions.actorType, "user")))
    .orderBy(asc(transitions.id))
    .prepare(),
);

const personSchedulesQuery = preparedQuery((db) =>
  db
    .select({
      releaseId: scheduledPromotions.releaseId,
      toEnvironmentId: scheduledPromotions.toEnvironmentId,
      actorId: scheduledPromotions.actorId,
      actorName: scheduledPromotions.actorName,
      version: releases.version,
      createdAt: scheduledPromotions.createdAt,
    })
    .from(scheduledPromotions)
    .innerJoin(releases, eq(releases.id, scheduledPromotions.releaseId))
    .where(and(inIdsPlaceholder(scheduledPromotions.releaseId, "ids"), eq(scheduledPromotions.actorType, "user")))
    .orderBy(asc(scheduledPromotions.id))
    .prepare(),
);

/** The moves that are a person's act on a release (auto-promotion and supersede are the system's). */
const dutyKinds: Partial<Record<TransitionKind, DutyFact["kind"]>> = {
  create: "created",
  promote: "promoted",
  rollback: "rolled back",
};

/** Adds each release's duties (who created, moved, scheduled or overrode it; up to `upTo` if given) to its facts. */
async function loadDuties(tx: Tx, facts: Map<number, PerRelease>, ids: string, upTo?: Date) {
  const after = (at: Date) => upTo !== undefined && at > upTo;
  for (const row of await personTransitionsQuery(tx).execute({ ids })) {
    if (after(row.createdAt)) continue;
    const kind = row.overriddenGates.length ? "overrode" : dutyKinds[row.kind];
    if (!kind) continue;
    const perRelease = facts.get(row.releaseId);
    if (!perRelease) continue;
    (perRelease.duties ??= []).push({
      actorId: row.actorId,
      actorName: row.actorName,
      kind,
      version: row.version,
      environmentId: kind === "created" ? null : row.toEnvironmentId,
    });
  }
  for (const row of await personSchedulesQuery(tx).execute({ ids })) {
    if (after(row.createdAt)) continue;
    const perRelease = facts.get(row.releaseId);
    if (!perRelease) continue;
    (perRelease.duties ??= []).push({
      actorId: row.actorId,
      actorName: row.actorName,
      kind: "scheduled",
      version: row.version,
      environmentId: row.toEnvironmentId,
    });
  }
}

/** What people did to one release up to a moment: separation of duties as it stood then (the evidence pack). */
export async function releaseDutiesUpTo(tx: Tx, releaseId: number, upTo: Date): Promise<DutyFact[]> {
  const facts = new Map<number, PerRelease>([[releaseId, { checks: [], signoffs: [], tasks: [] }]]);
  await loadDuties(tx, facts, JSON.stringify([releaseId]), upTo);
  return facts.get(releaseId)!.duties ?? [];
}

// Prepared once per connection: a board runs these for hundreds of releases on every load.
// One seek per check in latest_check_results (kept by a trigger on every insert), however
// many results a release has piled up in that environment.
const latestChecksQuery = preparedQuery((db) =>
  db
    .select({
      id: checkResults.id,
      releaseId: checkResults.releaseId,
      environmentId: checkResults.environmentId,
      checkName: checkResults.checkName,
      status: checkResults.status,
      createdAt: checkResults.createdAt,
    })
    .from(latestCheckResults)
    .innerJoin(checkResults, eq(checkResults.id, latestCheckResults.resultId))
    .where(
      and(
        inIdsPlaceholder(latestCheckResults.releaseId, "ids"),
        eq(latestCheckResults.environmentId, sql.placeholder("environmentId")),
      ),
    )
    .prepare(),
);

const signoffsQuery = preparedQuery((db) =>
  db
    .select({
      id: signoffs.id,
      releaseId: signoffs.releaseId,
      environmentId: signoffs.environmentId,
      actorId: signoffs.actorId,
      actorName: signoffs.actorName,
      decision: signoffs.decision,
      comment: signoffs.comment,
      createdAt: signoffs.createdAt,
    })
    .from(signoffs)
    .where(inIdsPlaceholder(signoffs.releaseId, "ids"))
    .prepare(),
);

const tasksQuery = preparedQuery((db) =>
  db
    .select({
      id: taskCompletions.id,
      releaseId: taskCompletions.releaseId,
      environmentId: taskCompletions.environmentId,
      taskName: taskCompletions.taskName,
      done: taskCompletions.done,
      actorName: taskCompletions.actorName,
    })
    .from(taskCompletions)
    .where(inIdsPlaceholder(taskCompletions.releaseId, "ids"))
    .prepare(),
);

/**
 * The latest check result per check in each release's current environment (the only
 * checks a gate reads), every user's latest sign-off and the latest state of every task,
 * for many releases in a few queries. Duties (what people did to a release) only count where
 * the environment judged separates duties: `dutiesOf` names the releases they are read for
 * (all when not given; a board reads only those whose next environment separates duties).
 */
export async function loadReleaseFacts(
  tx: Tx,
  releaseRows: Pick<Release, "id" | "environmentId">[],
  dutiesOf: Pick<Release, "id">[] = releaseRows,
): Promise<Map<number, PerRelease>> {
  const facts = new Map<number, PerRelease>(releaseRows.map((r) => [r.id, { checks: [], signoffs: [], tasks: [] }]));
  if (releaseRows.length === 0) return facts;
  const ids = releaseRows.map((r) => r.id);
  // One query per environment, so each is a range of latest_check_results' primary key:
  // no reading the latest of environments a release has left.
  const byEnvironment = new Map<number, number[]>();
  for (const r of releaseRows) {
    const list = byEnvironment.get(r.environmentId);
    if (list) list.push(r.id);
    else byEnvironment.set(r.environmentId, [r.id]);
  }
  for (const [environmentId, inEnvironment] of byEnvironment) {
    for (const row of await latestChecksQuery(tx).execute({ ids: JSON.stringify(inEnvironment), environmentId })) {
      facts.get(row.releaseId)?.checks.push(row);
    }
  }
  for (const row of await signoffsQuery(tx).execute({ ids: JSON.stringify(ids) }))
    facts.get(row.releaseId)?.signoffs.push(row);
  for (const row of await tasksQuery(tx).execute({ ids: JSON.stringify(ids) }))
    facts.get(row.releaseId)?.tasks.push(row);
  if (dutiesOf.length) await loadDuties(tx, facts, JSON.stringify(dutiesOf.map((r) => r.id)));
  for (const [releaseId, row] of await currentDeployments(tx, releaseRows)) {
    const perRelease = facts.get(releaseId);
    if (perRelease) perRelease.deployment = toDeploymentFact(row);
  }
  return facts;
}

/** A project's active releases (or those of `releaseIds` still active), oldest first on the board. */
// Every result on a release whose next environment auto-promotes runs one of these.
const activeReleasesQuery = (some: boolean) =>
  preparedQuery((db: Queryable) =>
    db
      .select()
      .from(releases)
      .where(
        and(
          eq(releases.projectId, sql.placeholder("projectId")),
          eq(releases.state, "active"),
          some ? inIdsPlaceholder(releases.id, "ids") : undefined,
        ),
      )
      .orderBy(asc(releases.enteredAt), asc(releases.id))
      .prepare(),
  );
const activeReleasesIn = activeReleasesQuery(true);
const activeReleasesOf = activeReleasesQuery(false);

export async function activeReleases(tx: Tx, projectId: number, releaseIds?: number[]): Promise<Release[]> {
  return releaseIds
    ? await activeReleasesIn(tx).execute({ projectId, ids: JSON.stringify(releaseIds) })
    : await activeReleasesOf(tx).execute({ projectId });
}

/**
 * loadReleaseFacts for active releases of many projects (the overview, the sign-off inbox): the
 * same facts in a fixed number of queries, instead of a few per environment.
 */
export async function loadActiveReleaseFacts(
  tx: Tx,
  releaseRows: Pick<Release, "id" | "environmentId">[],
): Promise<Map<number, PerRelease>> {
  const facts = new Map<number, PerRelease>(releaseRows.map((r) => [r.id, { checks: [], signoffs: [], tasks: [] }]));
  if (releaseRows.length === 0) return facts;
  const ids = JSON.stringify(releaseRows.map((r) => r.id));
  // The latest result per check in each of these releases' current environment, for all of
  // them at once: a seek into latest_check_results per release.
  const checks = await rawRows<{
    id: number;
    releaseId: number;
    environmentId: number;
    checkName: string;
    status: CheckFact["status"];
    createdAt: number | Date;
  }>(
    tx,
    sql`
      select c.id, c.release_id as "releaseId", c.environment_id as "environmentId", c.check_name as "checkName", c.status,
        c.created_at as "createdAt"
      from releases r
      join latest_check_results l on l.release_id = r.id and l.environment_id = r.environment_id
      join check_results c on c.id = l.result_id
      where r.state = 'active' and ${inJsonList(sql`r.id`, ids)}`,
  );
  for (const row of checks) facts.get(row.releaseId)?.checks.push({ ...row, createdAt: new Date(row.createdAt) });
  for (const row of await signoffsQuery(tx).execute({ ids })) facts.get(row.releaseId)?.signoffs.push(row);
  for (const row of await tasksQuery(tx).execute({ ids })) facts.get(row.releaseId)?.tasks.push(row);
  await loadDuties(tx, facts, ids);
  for (const [releaseId, row] of await currentDeployments(tx, releaseRows)) {
    const perRelease = facts.get(releaseId);
    if (perRelease) perRelease.deployment = toDeploymentFact(row);
  }
  return facts;
}

export type ReleaseForGates = Pick<
  Release,
  "id" | "version" | "createdAt" | "environmentId" | "enteredAt" | "heldAt" | "heldByName" | "heldReason"
>;

export const holdOf = (release: Pick<Release, "heldAt" | "heldByName" | "heldReason">) =>
  release.heldAt ? { by: release.heldByName ?? "someone", reason: release.heldReason, at: release.heldAt } : null;

export function gateFactsFor(
  project: ProjectFacts,
  release: ReleaseForGates,
  perRelease: PerRelease | undefined,
  now: Date,
  asker?: Asker,
): GateFacts {
  return {
    release: {
      id: release.id,
      version: release.version,
      createdAt: release.createdAt,
      environmentId: release.environmentId,
      enteredAt: release.enteredAt,
      held: holdOf(release),
    },
    current: project.current,
    pipeline: project.pipeline,
    checks: perRelease?.checks ?? [],
    signoffs: perRelease?.signoffs ?? [],
    tasks: perRelease?.tasks ?? [],
    locks: project.locks,
    freezeWindows: project.freezeWindows,
    deployment: perRelease?.deployment ?? null,
    teams: project.teams,
    duties: perRelease?.duties ?? [],
    ...(asker ? { asker } : {}),
    now,
  };
}
