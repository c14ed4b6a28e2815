import { readTransaction } from "../../db/client";
import { jsonList, jsonListValues } from "../../db/dialect";
import type Database from "better-sqlite3";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { projects, releases } from "../../db/schema";
import { activeFreeze } from "../domain/freeze";
import { evaluateGates } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import { deployState } from "../domain/deploy";
import {
  gateFactsFor,
  projectLastEventId,
  loadActiveReleaseFacts,
  loadProjectsFacts,
  loadTeamFacts,
  projectFactsOf,
} from "../engine";
import { teamsNamed } from "../domain/approvals";

const groupBy = <T, K>(rows: T[], key: (row: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
};

type ProjectOverview = {
  project: { id: number; slug: string; name: string; archived: boolean };
  environments: {
    slug: string;
    name: string;
    release: { version: string; since: Date } | null;
    others: number;
    waitingForSignoff: number;
    blocked: number;
    locked: boolean;
    frozen: boolean;
  }[];
};

/**
 * How long a project's summary is reused while nothing in it changed. Every change to a
 * project writes an audit event, so a new event means a fresh summary at once; what
 * changes by time alone (a soak ending, a freeze starting, a deploy timing out) shows up
 * to this much later. The page itself refetches every 30 s.
 */
export const overviewReuseMs = 10_000;

type Memo = { lastEventId: number; at: number; value: ProjectOverview };
const memos = new WeakMap<Database.Database, Map<number, Memo>>();

/**
 * Every project × its environments at a glance: the release in each (the live one for the
 * last environment), since when, and whether something there waits for a sign-off or is
 * blocked. Projects whose audit trail moved on since their last summary (or whose summary
 * is older than overviewReuseMs) are summarised again, all together in a fixed number of
 * queries; the rest are reused. A board per project cost ~1 ms each, too much for an
 * organisation's 300 projects (BENCHMARKS.md).
 */
export async function getOverview(db: Db, now = new Date()): Promise<ProjectOverview[]> {
  let memo = memos.get(db.$client);
  if (!memo) memos.set(db.$client, (memo = new Map()));
  const known = memo;
  return readTransaction(db, async (tx) => {
    const all = await tx
      .select({ id: projects.id, slug: projects.slug, name: projects.name, lastEventId: projectLastEventId() })
      .from(projects)
      .where(isNull(projects.archivedAt))
      .orderBy(asc(projects.name));
    const stale = all.filter((p) => {
      const m = known.get(p.id);
      return !m || m.lastEventId !== (p.lastEventId ?? 0) || Math.abs(now.getTime() - m.at) >= overviewReuseMs;
    });
    const summaries = stale.length ? await summarise(tx, stale, now) : [];
    stale.forEach((p, i) =>
      known.set(p.id, { lastEventId: p.lastEventId ?? 0, at: now.getTime(), value: summaries[i]! }),
    );
    return all.map((p) => known.get(p.id)!.value);
  });
}

async function summarise(
  tx: Tx,
  list: { id: number; slug: string; name: string }[],
  now: Date,
): Promise<ProjectOverview[]> {
  const ids = list.map((p) => p.id);
  const among = jsonListValues(jsonList(ids));
  const shared = await loadProjectsFacts(tx, ids);
  const active = await tx
    .select({
      id: releases.id,
      projectId: releases.projectId,
      version: releases.version,
      environmentId: releases.environmentId,
      enteredAt: releases.enteredAt,
      createdAt: releases.createdAt,
      heldAt: releases.heldAt,
      heldByName: releases.heldByName,
      heldReason: releases.heldReason,
    })
    .from(releases)
    .where(and(eq(releases.state, "active"), sql`${releases.projectId} in ${among}`))
    .orderBy(desc(releases.enteredAt), desc(releases.id));
  const facts = await loadActiveReleaseFacts(tx, active);
  const allTeams = await loadTeamFacts(tx, teamsNamed([...shared.pipelines.values()].flat()));
  const activeOf = groupBy(active, (r) => r.projectId);

  return list.map((project) => {
    const mine = activeOf.get(project.id) ?? [];
    const projectFacts = projectFactsOf(shared, project.id, mine, allTeams);
    const { pipeline } = projectFacts;
    const byEnvironment = groupBy(mine, (r) => r.environmentId);
    return {
      project: { id: project.id, slug: project.slug, name: project.name, archived: false },
      environments: pipeline.map((environment) => {
        const here = byEnvironment.get(environment.id) ?? [];
        const deployed = (release: (typeof here)[number]) => {
          const fact = facts.get(release.id)?.deployment;
          if (!fact) return !environment.deployTarget;
          return deployState(fact, environment.deployTimeoutMinutes, now).phase === "deployed";
        };
        // A release still deploying is not there yet: the newest deployed one is shown.
        const newest = here.find(deployed) ?? here[0] ?? null;
        let waitingForSignoff = 0;
        let blocked = 0;
        const next = nextEnvironment(pipeline, environment.id);
        if (next) {
          for (const release of here) {
            const evaluation = evaluateGates(gateFactsFor(projectFacts, release, facts.get(release.id), now), next.id);
            if (!evaluation) continue;
            if (evaluation.items.some((i) => i.gate === "signoffs" && !i.met)) waitingForSignoff++;
            if (!evaluation.allMet && evaluation.failing.some((g) => g !== "signoffs")) blocked++;
          }
        }
        return {
          slug: environment.slug,
          name: environment.name,
          release: newest ? { version: newest.version, since: newest.enteredAt } : null,
          others: Math.max(0, here.length - 1),
          waitingForSignoff,
          blocked,
          locked: shared.locks.has(environment.id),
          frozen: activeFreeze(shared.freezeWindows.get(environment.id) ?? [], now) !== null,
        };
      }),
    };
  });
}

export type Overview = ProjectOverview[];
