import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { prepared } from "../../db/prepared";
import { releases, type Environment, type Release } from "../../db/schema";
import { activeFreeze } from "../domain/freeze";
import { clock, effectiveCapacity, evaluateGates, freezeTimeZone, signoffTally, type GateEvaluation } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import { deployState, type DeployState } from "../domain/deploy";
import { gateFactsFor, loadProjectFacts, loadReleaseFacts } from "../services/internal/gate-facts";
import { findProject, loadPipeline } from "../services/internal/lookup";

export type BoardCard = {
  id: number;
  version: string;
  commitSha: string | null;
  branch: string | null;
  state: Release["state"];
  enteredAt: Date;
  createdAt: Date;
  /** The gates for the next environment; null in the last environment. */
  next: (Pick<GateEvaluation, "items" | "allMet" | "failing"> & { environment: string; environmentName: string }) | null;
  approvals: number;
  /** The deploy into the environment the card is in, when that environment deploys. */
  deploy: CardDeploy | null;
};

export type CardDeploy = DeployState & {
  environment: string;
  environmentName: string;
  /** Where Roll back goes: the environment before this one. */
  rollbackTo: { slug: string; name: string } | null;
};

export type BoardColumn = {
  environment: Pick<
    Environment,
    "id" | "slug" | "name" | "position" | "autoPromote" | "requiredChecks" | "requiredSignoffs" | "manualTasks" | "minSoakMinutes"
  > & { capacity: number | null };
  lock: { reason: string; actorName: string; createdAt: Date } | null;
  freeze: { endsAt: Date; until: string; reason: string | null } | null;
  cards: BoardCard[];
  /** The last environment's recently superseded releases, kept out of the way. */
  previous: BoardCard[];
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
const cardColumns = {
  id: releases.id,
  version: releases.version,
  commitSha: releases.commitSha,
  branch: releases.branch,
  state: releases.state,
  environmentId: releases.environmentId,
  enteredAt: releases.enteredAt,
  createdAt: releases.createdAt,
};
type CardRow = Pick<Release, keyof typeof cardColumns>;

export function getBoard(db: Db, slug: string, now = new Date()): Board {
  return db.transaction((tx) => {
    const project = findProject(tx, slug);
    const pipeline = loadPipeline(tx, project.id);
    const projectFacts = loadProjectFacts(tx, pipeline);
    const active = prepared(tx, "boardCards", (db) =>
      db
        .select(cardColumns)
        .from(releases)
        .where(and(eq(releases.projectId, sql.placeholder("projectId")), eq(releases.state, "active")))
        .orderBy(desc(releases.enteredAt), desc(releases.id))
        .prepare(),
    ).all({ projectId: project.id });
    const last = pipeline.at(-1);
    const previous = last
      ? tx
          .select(cardColumns)
          .from(releases)
          .where(and(eq(releases.environmentId, last.id), inArray(releases.state, ["superseded"])))
          .orderBy(desc(releases.enteredAt))
          .limit(previousPerEnvironment)
          .all()
      : [];
    const facts = loadReleaseFacts(tx, active);

    const deployOf = (release: CardRow): CardDeploy | null => {
      const index = pipeline.findIndex((e) => e.id === release.environmentId);
      const environment = pipeline[index];
      const fact = facts.get(release.id)?.deployment;
      if (release.state !== "active" || !environment || (!environment.deployTarget && !fact)) return null;
      const before = pipeline[index - 1];
      const extra = { environment: environment.slug, environmentName: environment.name, rollbackTo: before ? { slug: before.slug, name: before.name } : null };
      // A target added after the release entered: nothing was asked for, so offer to ask.
      if (!fact) return { phase: "failed", label: "Not deployed", since: release.enteredAt, url: null, description: "No deploy was requested for this release here", ...extra };
      return { ...deployState(fact, environment.deployTimeoutMinutes, now), ...extra };
    };

    const toCard = (release: CardRow): BoardCard => {
      const next = release.state === "active" ? nextEnvironment(pipeline, release.environmentId) : null;
      const evaluation = next ? evaluateGates(gateFactsFor(projectFacts, release, facts.get(release.id), now), next.id) : null;
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
        deploy: deployOf(release),
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
      const freeze = activeFreeze(projectFacts.freezeWindows.get(environment.id) ?? [], now);
      return {
        environment: {
          id: environment.id,
          slug: environment.slug,
          name: environment.name,
          position: environment.position,
          autoPromote: environment.autoPromote,
          requiredChecks: environment.requiredChecks,
          requiredSignoffs: environment.requiredSignoffs,
          manualTasks: environment.manualTasks,
          minSoakMinutes: environment.minSoakMinutes,
          capacity: effectiveCapacity(pipeline, environment),
        },
        lock: lock ? { reason: lock.reason, actorName: lock.actorName, createdAt: lock.createdAt } : null,
        freeze: freeze
          ? { endsAt: freeze.endsAt, until: clock(freeze.endsAt, freezeTimeZone(freeze.window), true), reason: freeze.window.reason ?? null }
          : null,
        cards: (byEnvironment.get(environment.id) ?? []).map(toCard),
        previous: environment.id === last?.id ? previous.map(toCard) : [],
      };
    });
    return { project: { id: project.id, slug: project.slug, name: project.name, archived: project.archivedAt !== null }, columns, generatedAt: now };
  });
}
