import { first } from "../../db/client";
import { eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { releases, type Environment, type Release } from "../../db/schema";
import { evaluateGates, nextTimedClear, type GateEvaluation } from "../domain/gates";
import { nextEnvironment } from "../domain/policy";
import { systemActor } from "../domain/permissions";
import { applyMove } from "./move";
import {
  activeReleases,
  gateFactsFor,
  loadCurrentReleases,
  loadProjectFacts,
  loadReleaseFacts,
  type ProjectFacts,
} from "./gate-facts";
import { loadPipeline } from "./lookup";
import { announceChanges } from "./notify";

export type AutoPromotion = { releaseId: number; version: string; from: string; to: string };

type Waiting = { release: Release; evaluation: GateEvaluation };

const emptyFacts = (pipeline: Environment[]): ProjectFacts => ({
  pipeline,
  locks: [],
  freezeWindows: new Map(),
  current: [],
  teams: new Map(),
});

/**
 * The active releases (all of a project's, or just `releaseIds`) whose next environment
 * auto-promotes, each with its gates evaluated, oldest first. Facts are read in batch.
 */
async function evaluateWaiting(
  tx: Tx,
  projectId: number,
  now: Date,
  releaseIds?: number[],
  knownPipeline?: Environment[],
) {
  const pipeline = knownPipeline ?? (await loadPipeline(tx, projectId));
  if (!pipeline.some((e) => e.autoPromote))
    return { pipeline, projectFacts: emptyFacts(pipeline), waiting: [] as Waiting[] };
  const candidates = (await activeReleases(tx, projectId, releaseIds))
    // A release held after a rollback waits for a person, whatever its gates say.
    .filter((r) => r.heldAt === null && nextEnvironment(pipeline, r.environmentId)?.autoPromote);
  // Most results land on releases with nothing to auto-promote into: stop before reading gates.
  if (candidates.length === 0) return { pipeline, projectFacts: emptyFacts(pipeline), waiting: [] as Waiting[] };
  const projectFacts = await loadProjectFacts(tx, pipeline);
  const facts = await loadReleaseFacts(tx, candidates);
  const waiting = candidates.map((release) => ({
    release,
    evaluation: evaluateGates(gateFactsFor(projectFacts, release, facts.get(release.id), now), undefined, "system")!,
  }));
  return { pipeline, projectFacts, waiting };
}

async function promoteWhileReady(
  tx: Tx,
  start: Release,
  pipeline: Environment[],
  projectFacts: ProjectFacts,
  now: Date,
) {
  const promoted: AutoPromotion[] = [];
  let release: Release | undefined = start;
  // Each step reloads the release: an earlier promotion in this cascade may have
  // superseded it. Bounded by the pipeline's length, so it always ends.
  for (let step = 0; release && step < pipeline.length; step++) {
    release = await first(tx.select().from(releases).where(eq(releases.id, release.id)));
    if (!release || release.state !== "active") break;
    const next: Environment | null = nextEnvironment(pipeline, release.environmentId);
    if (!next?.autoPromote) break;
    const facts = (await loadReleaseFacts(tx, [release])).get(release.id);
    // Earlier moves (of this release or of others in the same run) change what is where:
    // newer-live must see them. Only releases about to move get here, so this read is rare.
    const fresh = { ...projectFacts, current: await loadCurrentReleases(tx, pipeline) };
    if (!evaluateGates(gateFactsFor(fresh, release, facts, now), next.id, "system")?.allMet) break;
    const from = pipeline.find((e) => e.id === release!.environmentId)!;
    release = (await applyMove(tx, { release, to: next, kind: "auto-promote", actor: systemActor, pipeline, now }))
      .release;
    promoted.push({ releaseId: release.id, version: release.version, from: from.slug, to: next.slug });
  }
  return promoted;
}

/**
 * Re-evaluates releases of a project and promotes, as the system, each whose next
 * environment auto-promotes and whose gates all hold, repeating from the environment it
 * reached. Runs inside the caller's transaction, so a change and the promotions it
 * triggers are one atomic write. Returns the promotions of `releaseIds` (all, without).
 * `pipeline` may be passed when the caller has just loaded it in the same transaction.
 */
export async function autoPromote(
  tx: Tx,
  projectId: number,
  now: Date,
  releaseIds?: number[],
  pipeline?: Environment[],
): Promise<AutoPromotion[]> {
  const { pipeline: loaded, projectFacts, waiting } = await evaluateWaiting(tx, projectId, now, releaseIds, pipeline);
  const promoted = await promoteReady(tx, waiting, loaded, projectFacts, now);
  // A release that moved on may have been what kept an older one where it was (newer-live,
  // a hold's capacity): once anything moved, every release is looked at again, until
  // nothing more moves. Each round promotes at least once, so the rounds are few.
  const others: AutoPromotion[] = [];
  for (let moved = promoted.length, round = 0; moved > 0 && round < maxRounds; round++) {
    const again = await evaluateWaiting(tx, projectId, now, undefined, loaded);
    const next = await promoteReady(tx, again.waiting, loaded, again.projectFacts, now);
    others.push(...next);
    moved = next.length;
  }
  await announceChanges(tx, projectId, loaded, now, releaseIds && [...releaseIds, ...others.map((p) => p.releaseId)]);
  return releaseIds
    ? [...promoted, ...others.filter((p) => releaseIds.includes(p.releaseId))]
    : [...promoted, ...others];
}

const maxRounds = 100;

async function promoteReady(
  tx: Tx,
  waiting: Waiting[],
  pipeline: Environment[],
  projectFacts: ProjectFacts,
  now: Date,
): Promise<AutoPromotion[]> {
  const promoted: AutoPromotion[] = [];
  for (const w of waiting.filter((w) => w.evaluation.allMet))
    promoted.push(...(await promoteWhileReady(tx, w.release, pipeline, projectFacts, now)));
  return promoted;
}

/**
 * After a release moved (or its hold ended): its own auto-promotion and news as usual, then
 * every other release of the project once more, since what is where is a fact that their
 * newer-live and hold gates read (an older release may go on once a newer one left).
 */
export async function autoPromoteAfterMove(
  tx: Tx,
  projectId: number,
  now: Date,
  releaseId: number,
): Promise<AutoPromotion[]> {
  const own = await autoPromote(tx, projectId, now, [releaseId]);
  await autoPromote(tx, projectId, now);
  return own;
}

/**
 * autoPromote for the scheduler: also says when the next timed gate (soak, freeze) of a
 * waiting release clears, so it knows when to look again.
 */
export async function autoPromoteWithWake(
  tx: Tx,
  projectId: number,
  now: Date,
): Promise<{ promoted: AutoPromotion[]; wake: Date | null }> {
  const promoted = await autoPromote(tx, projectId, now);
  const { waiting } = await evaluateWaiting(tx, projectId, now);
  const times = waiting.map((w) => nextTimedClear(w.evaluation)).filter((t): t is Date => t !== null);
  return { promoted, wake: times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null };
}
