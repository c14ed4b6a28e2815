import { first } from "../../db/client";
import { and, asc, desc, eq, gte, inArray } from "drizzle-orm";
import { readTransaction, type Queryable } from "../../db/client";
import {
  auditEvents,
  checkResults,
  deployments,
  latestCheckResults,
  releaseChanges,
  scheduledPromotions,
  signoffs,
  testCaseFailures,
  transitions,
  users,
} from "../../db/schema";
import { autoPromotionAt, describeHold, evaluateGates } from "../domain/gates";
import { signoffsNeeded } from "../domain/approvals";
import {
  gateFactsFor,
  holdOf,
  loadProjectFacts,
  loadReleaseFacts,
  findProject,
  findRelease,
  loadPipeline,
  liveReleaseIn,
} from "../engine";
import { nextEnvironment } from "../domain/policy";
import { isWildcard, requiredCheckMatches } from "../domain/names";
import { environments } from "../../db/schema";
import { renderNotes } from "../render/markdown";

const timelineKinds = [
  "release.hold_released",
  "promotion.scheduled",
  "promotion.schedule_cancelled",
  "promotion.schedule_failed",
] as const;

/** Holds and schedules shown on the timeline, newest first: enough for any person, bounded for any churn. */
const maxEvents = 200;
/** Check results shown on the timeline, newest first, likewise. */
const maxResults = 500;

/** Everything the release page shows, in a handful of queries. */
export async function getReleaseDetail(db: Queryable, projectSlug: string, version: string, now = new Date()) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, projectSlug);
    const release = await findRelease(tx, project, version);
    const pipeline = await loadPipeline(tx, project.id);
    // Transitions may name environments since removed from the pipeline: name them too.
    const allEnvironments = await tx.select().from(environments).where(eq(environments.projectId, project.id));
    const envName = (id: number | null) =>
      id === null ? null : (allEnvironments.find((e) => e.id === id)?.name ?? "?");
    const envSlug = (id: number) => allEnvironments.find((e) => e.id === id)?.slug ?? "?";
    const next = release.state === "active" ? nextEnvironment(pipeline, release.environmentId) : null;
    const facts = (await loadReleaseFacts(tx, [release])).get(release.id);
    const evaluation = next
      ? evaluateGates(gateFactsFor(await loadProjectFacts(tx, pipeline), release, facts, now), next.id)
      : null;

    // The timeline's results, newest first and bounded (a release can collect a result a
    // minute for weeks); the checks matrix reads the latest per check, however many there are.
    const results = await tx
      .select()
      .from(checkResults)
      .where(eq(checkResults.releaseId, release.id))
      .orderBy(desc(checkResults.id))
      .limit(maxResults);
    const latest = await tx
      .select({ result: checkResults, runs: latestCheckResults.runs, firstResultId: latestCheckResults.firstResultId })
      .from(latestCheckResults)
      .innerJoin(checkResults, eq(checkResults.id, latestCheckResults.resultId))
      .where(eq(latestCheckResults.releaseId, release.id))
      .orderBy(asc(latestCheckResults.firstResultId));
    const hold = release.state === "active" ? holdOf(release) : null;
    const pending = await first(
      tx
        .select()
        .from(scheduledPromotions)
        .where(and(eq(scheduledPromotions.releaseId, release.id), eq(scheduledPromotions.state, "pending"))),
    );
    const failed = await first(
      tx
        .select()
        .from(scheduledPromotions)
        .where(
          and(
            eq(scheduledPromotions.releaseId, release.id),
            eq(scheduledPromotions.state, "failed"),
            gte(scheduledPromotions.resolvedAt, release.enteredAt),
          ),
        )
        .orderBy(desc(scheduledPromotions.id))
        .limit(1),
    );
    const newer = evaluation?.items.find((i) => i.gate === "newer-live" && !i.met);
    const lastEnvironment = pipeline.at(-1);
    const live = lastEnvironment ? await liveReleaseIn(tx, lastEnvironment.id) : undefined;
    const timed = evaluation && !hold ? autoPromotionAt(evaluation) : null;
    const failures = results.length
      ? await tx
          .select()
          .from(testCaseFailures)
          .where(
            inArray(
              testCaseFailures.checkResultId,
              results.map((r) => r.id),
            ),
          )
          .orderBy(asc(testCaseFailures.id))
      : [];
    // The latest deploy per environment (rows newest first: the first seen is the latest).
    const latestDeploys = new Map<number, typeof deployments.$inferSelect>();
    for (const d of await tx
      .select()
      .from(deployments)
      .where(eq(deployments.releaseId, release.id))
      .orderBy(desc(deployments.id))) {
      if (!latestDeploys.has(d.environmentId)) latestDeploys.set(d.environmentId, d);
    }
    return {
      project: { slug: project.slug, name: project.name },
      release: { ...release, environmentName: envName(release.environmentId), notesHtml: renderNotes(release.notes) },
      /** What is live in the last environment now, when that is another release: "Compare with live". */
      live: live && live.id !== release.id ? { version: live.version } : null,
      pipeline: pipeline.map((e) => ({ slug: e.slug, name: e.name, id: e.id, requiredSignoffs: signoffsNeeded(e) })),
      checks: checkMatrix(pipeline, latest),
      /** The latest result per (environment, check), in the order the checks first reported. */
      latestResults: latest.map((l) => l.result),
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
      held: hold ? { ...hold, label: describeHold(hold) } : null,
      schedule: pending
        ? {
            at: pending.runAt,
            by: pending.actorName,
            to: envSlug(pending.toEnvironmentId),
            toName: envName(pending.toEnvironmentId) ?? "?",
          }
        : null,
      /** The last scheduled promotion that did not run since the release got here, and why. */
      scheduleFailure:
        failed && !pending
          ? {
              at: failed.runAt,
              by: failed.actorName,
              to: envSlug(failed.toEnvironmentId),
              toName: envName(failed.toEnvironmentId) ?? "?",
              reason: failed.outcome ?? "it did not run",
            }
          : null,
      olderThan: newer?.subject ? { version: newer.subject, live: next?.id === pipeline.at(-1)?.id } : null,
      autoPromotes: timed ? { at: timed.at, label: timed.label } : null,
      /** Holds released and schedules made, cancelled or failed: the timeline's other entries. */
      events: await tx
        .select({
          id: auditEvents.id,
          kind: auditEvents.kind,
          summary: auditEvents.summary,
          actorName: auditEvents.actorName,
          createdAt: auditEvents.createdAt,
        })
        .from(auditEvents)
        .where(and(eq(auditEvents.releaseId, release.id), inArray(auditEvents.kind, timelineKinds)))
        .orderBy(desc(auditEvents.id))
        .limit(maxEvents),
      changes: await tx
        .select()
        .from(releaseChanges)
        .where(eq(releaseChanges.releaseId, release.id))
        .orderBy(asc(releaseChanges.position)),
      transitions: (
        await tx.select().from(transitions).where(eq(transitions.releaseId, release.id)).orderBy(asc(transitions.id))
      ).map((t) => ({ ...t, fromName: envName(t.fromEnvironmentId), toName: envName(t.toEnvironmentId) })),
      results: results.map((r) => ({
        ...r,
        environmentName: envName(r.environmentId),
        failingCases: failures.filter((f) => f.checkResultId === r.id),
      })),
      deployments: [...latestDeploys.values()].map((d) => ({
        ...d,
        environmentSlug: allEnvironments.find((e) => e.id === d.environmentId)?.slug ?? null,
        environmentName: envName(d.environmentId),
      })),
      // The signer's email beside the name: names are free text, the email is the account.
      signoffs: (
        await tx
          .select({ signoff: signoffs, actorEmail: users.email })
          .from(signoffs)
          .leftJoin(users, eq(users.id, signoffs.actorId))
          .where(eq(signoffs.releaseId, release.id))
          .orderBy(asc(signoffs.id))
      ).map(({ signoff, actorEmail }) => ({ ...signoff, actorEmail, environmentName: envName(signoff.environmentId) })),
    };
  });
}

export type ReleaseDetail = Awaited<ReturnType<typeof getReleaseDetail>>;

type ResultRow = typeof checkResults.$inferSelect;

/**
 * The checks matrix: one row per check (required ones first, in pipeline order, then in the
 * order they first reported), one cell per environment with the latest result there and how
 * many runs came before it. `latest` is in the order the checks first reported.
 *
 * A check required to enter E(k) is read in E(k−1) (README: How releases move), so a cell says
 * both: `gateInto` on E(k−1)'s cell names E(k); `readIn` on E(k)'s cell names E(k−1) and the
 * status the gate sees there, so "required" never reads as "missing here".
 */
function checkMatrix(
  pipeline: { id: number; name: string; requiredChecks: string[] }[],
  latest: { result: ResultRow; runs: number }[],
) {
  // A wildcard (`build (*)`) is listed as the legs it matches, each a row of its own.
  const required = pipeline.flatMap((e) => e.requiredChecks).filter((name) => !isWildcard(name));
  const names = [...new Set([...required, ...latest.map((l) => l.result.checkName)])];
  const cells = new Map<string, { latest: ResultRow; runs: number }>();
  for (const l of latest)
    cells.set(`${l.result.environmentId}:${l.result.checkName}`, { latest: l.result, runs: l.runs });
  return names.map((name) => ({
    name,
    cells: pipeline.map((e, i) => {
      const cell = cells.get(`${e.id}:${name}`);
      const { latest } = cell ?? {};
      const previous = pipeline[i - 1];
      const next = pipeline[i + 1];
      const required = e.requiredChecks.some((r) => requiredCheckMatches(r, name));
      return {
        environmentId: e.id,
        required,
        gateInto: next?.requiredChecks.some((r) => requiredCheckMatches(r, name)) ? next.name : null,
        readIn:
          required && previous
            ? { environment: previous.name, status: cells.get(`${previous.id}:${name}`)?.latest.status ?? null }
            : null,
        runs: cell?.runs ?? 0,
        latest: latest
          ? {
              status: latest.status,
              tests: latest.tests,
              failures: latest.failures,
              errors: latest.errors,
              skipped: latest.skipped,
              summary: latest.summary,
              url: latest.url,
              at: latest.createdAt,
            }
          : null,
      };
    }),
  }));
}
