import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { checkResults, releaseChanges, signoffs, testCaseFailures, transitions, users } from "../../db/schema";
import { evaluateGates } from "../domain/gates";
import { gateFactsFor, loadProjectFacts, loadReleaseFacts } from "../services/internal/gate-facts";
import { findProject, findRelease, loadPipeline } from "../services/internal/lookup";
import { nextEnvironment } from "../domain/policy";
import { environments } from "../../db/schema";
import { renderNotes } from "../render/markdown";

/** Everything the release page shows, in a handful of queries. */
export function getReleaseDetail(db: Db, projectSlug: string, version: string, now = new Date()) {
  return db.transaction((tx) => {
    const project = findProject(tx, projectSlug);
    const release = findRelease(tx, project, version);
    const pipeline = loadPipeline(tx, project.id);
    // Transitions may name environments since removed from the pipeline: name them too.
    const allEnvironments = tx.select().from(environments).where(eq(environments.projectId, project.id)).all();
    const envName = (id: number | null) => (id === null ? null : (allEnvironments.find((e) => e.id === id)?.name ?? "?"));
    const next = release.state === "active" ? nextEnvironment(pipeline, release.environmentId) : null;
    const facts = loadReleaseFacts(tx, [release]).get(release.id);
    const evaluation = next ? evaluateGates(gateFactsFor(loadProjectFacts(tx, pipeline), release, facts, now), next.id) : null;

    const results = tx.select().from(checkResults).where(eq(checkResults.releaseId, release.id)).orderBy(desc(checkResults.id)).all();
    const failures = results.length
      ? tx.select().from(testCaseFailures).where(inArray(testCaseFailures.checkResultId, results.map((r) => r.id))).orderBy(asc(testCaseFailures.id)).all()
      : [];
    return {
      project: { slug: project.slug, name: project.name },
      release: { ...release, environmentName: envName(release.environmentId), notesHtml: renderNotes(release.notes) },
      pipeline: pipeline.map((e) => ({ slug: e.slug, name: e.name, id: e.id })),
      next: evaluation && next
        ? { environment: next.slug, environmentName: next.name, items: evaluation.items, allMet: evaluation.allMet, failing: evaluation.failing }
        : null,
      changes: tx.select().from(releaseChanges).where(eq(releaseChanges.releaseId, release.id)).orderBy(asc(releaseChanges.position)).all(),
      transitions: tx
        .select()
        .from(transitions)
        .where(eq(transitions.releaseId, release.id))
        .orderBy(asc(transitions.id))
        .all()
        .map((t) => ({ ...t, fromName: envName(t.fromEnvironmentId), toName: envName(t.toEnvironmentId) })),
      results: results.map((r) => ({
        ...r,
        environmentName: envName(r.environmentId),
        failingCases: failures.filter((f) => f.checkResultId === r.id),
      })),
      // The signer's email beside the name: names are free text, the email is the account.
      signoffs: tx
        .select({ signoff: signoffs, actorEmail: users.email })
        .from(signoffs)
        .leftJoin(users, eq(users.id, signoffs.actorId))
        .where(eq(signoffs.releaseId, release.id))
        .orderBy(asc(signoffs.id))
        .all()
        .map(({ signoff, actorEmail }) => ({ ...signoff, actorEmail, environmentName: envName(signoff.environmentId) })),
    };
  });
}

export type ReleaseDetail = ReturnType<typeof getReleaseDetail>;
