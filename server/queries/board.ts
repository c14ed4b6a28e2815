import { and, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { preparedQuery, readTransaction, type Db, type Tx } from "../../db/client";
import { releases, scheduledPromotions, transitions, type Environment, type Release } from "../../db/schema";
import { activeFreeze, upcomingFreeze } from "../domain/freeze";
import {
  autoPromotionAt,
  clock,
  describeHold,
  effectiveCapacity,
  evaluateGates,
  freezeTimeZone,
  signoffTally,
  type GateEvaluation,
} from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import { deployState, type DeployState } from "../domain/deploy";
import { signoffsNeeded } from "../domain/approvals";
import { gateFactsFor, holdOf, loadProjectFacts, loadReleaseFacts, findProject, loadPipeline } from "../engine";
import { latestCheckLinks } from "./check-links";

export type BoardCard = {
  id: number;
  version: string;
  commitSha: string | null;
  branch: string | null;
  state: Release["state"];
  enteredAt: Date;
  createdAt: Date;
  /** The gates for the next environment; null in the last environment. */
  next:
    (Pick<GateEvaluation, "items" | "allMet" | "failing"> & { environment: string; environmentName: string }) | null;
  approvals: number;
  /** Held after a rollback: auto-promotion leaves it where it is. */
  held: { by: string; reason: string | null; at: Date; label: string } | null;
  /** A newer release is current (live) in the next environment: moving there is a rollback. */
  olderThan: { version: string; live: boolean } | null;
  /** When only time stands in the way of an auto-promoting next environment. */
  autoPromotes: { at: Date; label: string } | null;
  schedule: CardSchedule | null;
  /** The last scheduled promotion that did not run since the release got here. */
  scheduleFailure: (CardSchedule & { reason: string }) | null;
  /** The deploy into the environment the card is in, when that environment deploys. */
  deploy: CardDeploy | null;
  /** The CI run of each check's latest result here, by check name, when CI sent one. */
  checkLinks: Record<string, string>;
};

export type CardDeploy = DeployState & {
  environment: string;
  environmentName: string;
  /** Where Roll back goes: the environment before this one. */
  rollbackTo: { slug: string; name: string } | null;
};

export type CardSchedule = { at: Date; by: string; to: string; toName: string };

export type BoardColumn = {
  environment: Pick<
    Environment,
    | "id"
    | "slug"
    | "name"
    | "position"
    | "autoPromote"
    | "requiredChecks"
    | "requiredSignoffs"
    | "manualTasks"
    | "minSoakMinutes"
  > & { capacity: number | null };
  lock: { reason: string; actorName: string; createdAt: Date } | null;
  freeze: { endsAt: Date; until: string; reason: string | null } | null;
  /** The next freeze that starts within 7 days, seen before it starts. */
  upcomingFreeze: { startsAt: Date; endsAt: Date; label: string; reason: string | null } | null;
  cards: BoardCard[];
  /** The last environment's recently superseded releases, kept out of the way, with why each left. */
  previous: (BoardCard & { why: string | null })[];
};

export type Board = {
  project: { id: number; slug: string; name: string; archived: boolean };
  columns: BoardColumn[];
  generatedAt: Date;
};

const previousPerEnvironment = 3;

/**
 * A project's board: every column with its cards and each card's checklist for the next
 * environment. A fixed number of queries whatever the board's size (no N+1).
 */
/** Only what a card shows: notes and links can be long, and a board holds hundreds of cards. */
const cardColumns = () => ({
  id: releases.id,
  version: releases.version,
  commitSha: releases.commitSha,
  branch: releases.branch,
  state: releases.state,
  environmentId: releases.environmentId,
  enteredAt: releases.enteredAt,
  createdAt: releases.createdAt,
  heldAt: releases.heldAt,
  heldByName: releases.heldByName,
  heldReason: releases.heldReason,
});
type CardRow = Pick<Release, keyof ReturnType<typeof cardColumns>>;

const boardCards = preparedQuery((db) =>
  db
    .select(cardColumns())
    .from(releases)
    .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.state, "active")))
    .orderBy(desc(releases.enteredAt), desc(releases.id))
    .prepare(),
);

export async function getBoard(db: Db, slug: string, now = new Date()): Promise<Board> {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const pipeline = await loadPipeline(tx, project.id);
    const projectFacts = await loadProjectFacts(tx, pipeline);
    const active = await boardCards(tx).execute({ projectId: project.id });
    const last = pipeline.at(-1);
    const previous = last
      ? await tx
          .select(cardColumns())
          .from(releases)
          .where(and(eq(releases.environmentId, last.id), inArray(releases.state, ["superseded"])))
          .orderBy(desc(releases.enteredAt))
          .limit(previousPerEnvironment)
      : [];
    // Why each left: "Production rolled back to 2.10.0 by Rita Patel" reads apart from a newer release.
    const whyLeft = new Map<number, string | null>();
    if (previous.length > 0)
      for (const t of await tx
        .select({ releaseId: transitions.releaseId, reason: transitions.reason })
        .from(transitions)
        .where(
          and(
            inArray(
              transitions.releaseId,
              previous.map((r) => r.id),
            ),
            eq(transitions.kind, "supersede"),
          ),
        )
        .orderBy(desc(transitions.id)))
        if (!whyLeft.has(t.releaseId)) whyLeft.set(t.releaseId, t.reason);
    // Only the cards whose next environment separates duties are judged on them.
    const facts = await loadReleaseFacts(
      tx,
      active,
      active.filter((r) => nextEnvironment(pipeline, r.environmentId)?.separateDuties),
    );
    const schedules = await loadCardSchedules(tx, project.id, pipeline, now);
    const checkLinks = await latestCheckLinks(tx, project.id);

    const deployOf = (release: CardRow): CardDeploy | null => {
      const index = pipeline.findIndex((e) => e.id === release.environmentId);
      const environment = pipeline[index];
      const fact = facts.get(release.id)?.deployment;
      if (release.state !== "active" || !environment || (!environment.deployTarget && !fact)) return null;
      const before = pipeline[index - 1];
      const extra = {
        environment: environment.slug,
        environmentName: environment.name,
        rollbackTo: before ? { slug: before.slug, name: before.name } : null,
      };
      // A target added after the release entered: nothing was asked for, so offer to ask.
      if (!fact)
        return {
          phase: "failed",
          label: "Not deployed",
          since: release.enteredAt,
          url: null,
          description: "No deploy was requested for this release here",
          ...extra,
        };
      return { ...deployState(fact, environment.deployTimeoutMinutes, now), ...extra };
    };

    const toCard = (release: CardRow): BoardCard => {
      const next = release.state === "active" ? nextEnvironment(pipeline, release.environmentId) : null;
      const evaluation = next
        ? evaluateGates(gateFactsFor(projectFacts, release, facts.get(release.id), now), next.id)
        : null;
      const hold = release.state === "active" ? holdOf(release) : null;
      const newer = evaluation?.items.find((i) => i.gate === "newer-live" && !i.met);
      const timed = evaluation && !hold ? autoPromotionAt(evaluation) : null;
      const mine = schedules.filter((row) => row.releaseId === release.id);
      const pending = mine.find((row) => row.state === "pending");
      const failure = pending
        ? undefined
        : mine.find((row) => row.state === "failed" && row.resolvedAt! >= release.enteredAt);
      return {
        id: release.id,
        version: release.version,
        commitSha: release.commitSha,
        branch: release.branch,
        state: release.state,
        enteredAt: release.enteredAt,
        createdAt: release.createdAt,
        next:
          evaluation && next
            ? {
                environment: next.slug,
                environmentName: next.name,
                items: evaluation.items,
                allMet: evaluation.allMet,
                failing: evaluation.failing,
              }
            : null,
        approvals: next ? signoffTally(facts.get(release.id)?.signoffs ?? [], next.id).approvals.length : 0,
        held: hold ? { ...hold, label: describeHold(hold) } : null,
        olderThan: newer?.subject ? { version: newer.subject, live: next?.id === last?.id } : null,
        autoPromotes: timed ? { at: timed.at, label: timed.label } : null,
        schedule: pending ? pending.card : null,
        scheduleFailure: failure ? { ...failure.card, reason: failure.outcome ?? "it did not run" } : null,
        deploy: deployOf(release),
        checkLinks: release.state === "active" ? (checkLinks.get(release.id) ?? {}) : {},
      };
    };

    const byEnvironment = new Map<number, CardRow[]>();
    for (const r of active) {
      const list = byEnvironment.get(r.environmentId);
      if (list) list.push(r);
      else byEnvironment.set(r.environmentId, [r]);
    }
    const columns = pipeline.map((environment): BoardColumn => {
      const lock = projectFacts.locks.find((l) => l.environmentId === environment.id);
      const windows = projectFacts.freezeWindows.get(environment.id) ?? [];
      const freeze = activeFreeze(windows, now);
      const upcoming = upcomingFreeze(windows, now);
      return {
        environment: {
          id: environment.id,
          slug: environment.slug,
          name: environment.name,
          position: environment.position,
          autoPromote: environment.autoPromote,
          requiredChecks: environment.requiredChecks,
          // With approval rules, the least number of approvals they take (approvals.ts).
          requiredSignoffs: signoffsNeeded(environment),
          manualTasks: environment.manualTasks,
          minSoakMinutes: environment.minSoakMinutes,
          capacity: effectiveCapacity(pipeline, environment),
        },
        lock: lock ? { reason: lock.reason, actorName: lock.actorName, createdAt: lock.createdAt } : null,
        freeze: freeze
          ? {
              endsAt: freeze.endsAt,
              until: clock(freeze.endsAt, freezeTimeZone(freeze.window), true),
              reason: freeze.window.reason ?? null,
            }
          : null,
        upcomingFreeze: upcoming
          ? { ...upcoming, label: describeUpcoming(upcoming), reason: upcoming.window.reason ?? null }
          : null,
        cards: (byEnvironment.get(environment.id) ?? []).map(toCard),
        previous:
          environment.id === last?.id ? previous.map((r) => ({ ...toCard(r), why: whyLeft.get(r.id) ?? null })) : [],
      };
    });
    return {
      project: { id: project.id, slug: project.slug, name: project.name, archived: project.archivedAt !== null },
      columns,
      generatedAt: now,
    };
  });
}

/** "Fri 15:00–24:00 Europe/London": the window as people in its time zone read it. */
function describeUpcoming(upcoming: {
  window: Parameters<typeof freezeTimeZone>[0];
  startsAt: Date;
  endsAt: Date;
}): string {
  const timeZone = freezeTimeZone(upcoming.window);
  const local = (at: Date, withDay: boolean) => clock(at, timeZone, withDay).replace(` ${timeZone}`, "");
  const sameDay = upcoming.endsAt.getTime() - upcoming.startsAt.getTime() < 86_400_000;
  const endTime = local(upcoming.endsAt, false);
  const end = sameDay ? (endTime === "00:00" ? "24:00" : endTime) : local(upcoming.endsAt, true);
  return `${local(upcoming.startsAt, true)}–${end} ${timeZone}`;
}

/** Pending schedules of a project's releases, and those that failed in the last week. */
async function loadCardSchedules(tx: Tx, projectId: number, pipeline: Environment[], now: Date) {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  return (
    await tx
      .select()
      .from(scheduledPromotions)
      .where(
        and(
          eq(scheduledPromotions.projectId, projectId),
          or(
            eq(scheduledPromotions.state, "pending"),
            and(eq(scheduledPromotions.state, "failed"), gte(scheduledPromotions.resolvedAt, weekAgo)),
          ),
        ),
      )
      .orderBy(desc(scheduledPromotions.id))
  ).map((row) => {
    const to = pipeline.find((e) => e.id === row.toEnvironmentId);
    return {
      ...row,
      card: { at: row.runAt, by: row.actorName, to: to?.slug ?? "?", toName: to?.name ?? "a removed environment" },
    };
  });
}
