import { first } from "../../db/client";
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or } from "drizzle-orm";
import { readTransaction, type Queryable, type Tx } from "../../db/client";
import {
  auditCheckpoints,
  auditEvents,
  checkResults,
  deployments,
  environmentLocks,
  freezeWindows,
  outbox,
  releaseChanges,
  signoffs,
  testCaseFailures,
  transitions,
  users,
  type Environment,
} from "../../db/schema";
import { activeFreeze } from "../domain/freeze";
import { decisionCounts, describeDuty, dutyOf, ruleStanding, rulesOf, teamName } from "../domain/approvals";
import {
  findEnvironment,
  findProject,
  findRelease,
  loadPipeline,
  loadTeamFacts,
  releaseDutiesUpTo,
  teamsOf,
  toFreezeSpec,
} from "../engine";
import { notFound } from "../errors";

const forward = ["promote", "auto-promote", "rollback"] as const;

/**
 * The go-live evidence pack of a release in an environment (README: Evidence): everything an
 * auditor asks, as it was at the moment of go-live — the release, every approval and the policy,
 * separation of duties, the gates with their evidence, the transition, the deploy, and the ids
 * and hashes of the activity entries cited with the checkpoint that covers them. Unsigned here;
 * the HTTP and CLI doors sign it.
 */
export async function getEvidence(db: Queryable, slug: string, version: string, environmentSlug?: string) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const pipeline = await loadPipeline(tx, project.id);
    const environment = environmentSlug ? findEnvironment(pipeline, environmentSlug, project) : pipeline.at(-1);
    if (!environment) throw notFound(`${project.name} has no environments`);
    const release = await findRelease(tx, project, version);
    const goLive = await first(
      tx
        .select()
        .from(transitions)
        .where(
          and(
            eq(transitions.releaseId, release.id),
            eq(transitions.toEnvironmentId, environment.id),
            inArray(transitions.kind, [...forward]),
          ),
        )
        .orderBy(desc(transitions.id))
        .limit(1),
    );
    if (!goLive) throw notFound(`${release.version} has not gone into ${environment.name}`);
    const at = goLive.createdAt;
    const index = pipeline.findIndex((e) => e.id === environment.id);
    const before = pipeline[index - 1] ?? null;

    const approvals = await Promise.all(
      (await approvalsAt(tx, release.id, environment.id, at)).map(async (a) => ({
        ...a,
        teams: (await teamsOf(tx, a.actorId)).map((team) => team.name),
      })),
    );
    // Separation of duties and the team rules, by the same rules the gates apply (domain/approvals.ts),
    // over what people had done to the release up to the go-live; teams are as governed now.
    const duties = await releaseDutiesUpTo(tx, release.id, at);
    const teams = await loadTeamFacts(
      tx,
      rulesOf(environment).map((r) => r.team),
    );
    const approvers = approvals.filter((a) => a.decision === "approve").map((a) => ({ id: a.actorId, name: a.name }));
    const conflicts = approvers.flatMap((a) => {
      const duty = dutyOf({ ...environment, separateDuties: true }, duties, a.id);
      return duty ? [{ name: a.name, did: describeDuty(duty, pipeline) }] : [];
    });
    const separateDuties = environment.separateDuties ?? false;

    const cited = await tx
      .select({ id: auditEvents.id, kind: auditEvents.kind, hash: auditEvents.hash, at: auditEvents.createdAt })
      .from(auditEvents)
      .where(and(eq(auditEvents.releaseId, release.id), lte(auditEvents.createdAt, at)))
      .orderBy(asc(auditEvents.id));
    const lastCited = cited.at(-1)?.id ?? 0;
    const checkpoint = await first(
      tx
        .select()
        .from(auditCheckpoints)
        .where(gt(auditCheckpoints.seq, lastCited - 1))
        .orderBy(asc(auditCheckpoints.id))
        .limit(1),
    );

    return {
      format: "releaseboard-evidence/v1",
      project: { slug: project.slug, name: project.name },
      environment: { slug: environment.slug, name: environment.name },
      release: {
        version: release.version,
        commitSha: release.commitSha,
        branch: release.branch,
        url: release.url,
        notes: release.notes,
        changes: await tx
          .select({ id: releaseChanges.ref, title: releaseChanges.title, author: releaseChanges.author })
          .from(releaseChanges)
          .where(eq(releaseChanges.releaseId, release.id))
          .orderBy(asc(releaseChanges.position)),
        createdAt: release.createdAt.toISOString(),
        createdBy: { type: release.actorType, name: release.actorName },
      },
      transition: {
        id: goLive.id,
        kind: goLive.kind,
        at: at.toISOString(),
        by: { type: goLive.actorType, name: goLive.actorName },
        from: before?.slug ?? null,
        reason: goLive.reason,
        overriddenGates: goLive.overriddenGates,
      },
      approvals: approvals.map(({ actorId, ...a }) => ({
        ...a,
        counted: a.decision === "approve" && decisionCounts(environment, actorId, { teams, duties }),
      })),
      approvalRules: rulesOf(environment).map((rule) => {
        const standing = ruleStanding(environment, rule, approvers, { teams, duties });
        return {
          team: rule.team,
          name: teamName(teams, rule.team),
          count: rule.count,
          approvedBy: standing.approved.map((a) => a.name),
          met: standing.approved.length >= rule.count,
        };
      }),
      policy: {
        requiredSignoffs: environment.requiredSignoffs,
        requiredChecks: environment.requiredChecks,
        minSoakMinutes: environment.minSoakMinutes,
        manualTasks: environment.manualTasks,
        approvals: rulesOf(environment),
        separateDuties,
        note: "the policy as configured now; pipeline changes after the go-live are listed under pipelineChangesSince",
      },
      pipelineChangesSince: (
        await tx
          .select({
            id: auditEvents.id,
            at: auditEvents.createdAt,
            by: auditEvents.actorName,
            summary: auditEvents.summary,
          })
          .from(auditEvents)
          .where(
            and(
              eq(auditEvents.projectId, project.id),
              eq(auditEvents.kind, "pipeline.changed"),
              gt(auditEvents.createdAt, at),
            ),
          )
      ).map((c) => ({ ...c, at: c.at.toISOString() })),
      separationOfDuties: {
        required: separateDuties,
        outcome:
          conflicts.length === 0
            ? "no approver created, moved or scheduled this release"
            : separateDuties
              ? "conflict: these approvals did not count"
              : "conflict, allowed: the environment does not separate duties",
        conflicts: conflicts.map((c) => c.name),
        details: conflicts.map((c) => `${c.name} ${c.did}`),
      },
      gates: await gatesAt(tx, release.id, environment, before, at, goLive),
      deployments: await deploymentsOf(tx, release.id, environment.id),
      chain: {
        entries: cited.map((c) => ({ id: c.id, kind: c.kind, at: c.at.toISOString(), hash: c.hash })),
        checkpoint: checkpoint
          ? {
              seq: checkpoint.seq,
              hash: checkpoint.hash,
              at: checkpoint.createdAt.toISOString(),
              signature: checkpoint.signature,
            }
          : null,
      },
    };
  });
}

export type Evidence = Awaited<ReturnType<typeof getEvidence>>;

/** Each person's latest decision up to the go-live, with their e-mail and role. */
async function approvalsAt(tx: Tx, releaseId: number, environmentId: number, at: Date) {
  const rows = await tx
    .select({
      actorId: signoffs.actorId,
      name: signoffs.actorName,
      decision: signoffs.decision,
      comment: signoffs.comment,
      at: signoffs.createdAt,
      email: users.email,
      role: users.role,
    })
    .from(signoffs)
    .leftJoin(users, eq(users.id, signoffs.actorId))
    .where(
      and(eq(signoffs.releaseId, releaseId), eq(signoffs.environmentId, environmentId), lte(signoffs.createdAt, at)),
    )
    .orderBy(asc(signoffs.id));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) latest.set(row.actorId, row);
  return [...latest.values()].map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The gates as they stood at the go-live, each with its outcome and the evidence for it. */
async function gatesAt(
  tx: Tx,
  releaseId: number,
  environment: Environment,
  before: Environment | null,
  at: Date,
  goLive: { overriddenGates: string[] },
) {
  const checks = await Promise.all(
    environment.requiredChecks.map(async (check) => {
      const latest = before
        ? await first(
            tx
              .select()
              .from(checkResults)
              .where(
                and(
                  eq(checkResults.releaseId, releaseId),
                  eq(checkResults.environmentId, before.id),
                  eq(checkResults.checkName, check),
                  lte(checkResults.createdAt, at),
                ),
              )
              .orderBy(desc(checkResults.id))
              .limit(1),
          )
        : undefined;
      const failing = latest
        ? await tx
            .select({
              name: testCaseFailures.name,
              className: testCaseFailures.className,
              message: testCaseFailures.message,
            })
            .from(testCaseFailures)
            .where(eq(testCaseFailures.checkResultId, latest.id))
        : [];
      return {
        gate: "checks",
        check,
        met: latest?.status === "passed",
        evidence: latest
          ? {
              status: latest.status,
              tests: latest.tests,
              failures: latest.failures,
              errors: latest.errors,
              skipped: latest.skipped,
              url: latest.url,
              at: latest.createdAt.toISOString(),
              by: latest.actorName,
              failingCases: failing,
            }
          : null,
      };
    }),
  );
  const arrived = before
    ? await first(
        tx
          .select({ at: transitions.createdAt })
          .from(transitions)
          .where(
            and(
              eq(transitions.releaseId, releaseId),
              eq(transitions.toEnvironmentId, before.id),
              lte(transitions.createdAt, at),
            ),
          )
          .orderBy(desc(transitions.id))
          .limit(1),
      )
    : undefined;
  const soakedMinutes = arrived ? Math.floor((at.getTime() - arrived.at.getTime()) / 60_000) : null;
  const lock = await first(
    tx
      .select()
      .from(environmentLocks)
      .where(
        and(
          eq(environmentLocks.environmentId, environment.id),
          lte(environmentLocks.createdAt, at),
          or(isNull(environmentLocks.unlockedAt), gt(environmentLocks.unlockedAt, at)),
        ),
      ),
  );
  const windows = (
    await tx.select().from(freezeWindows).where(eq(freezeWindows.environmentId, environment.id))
  ).flatMap((w) => toFreezeSpec(w) ?? []);
  const frozen = activeFreeze(windows, at);
  return await Promise.all(
    [
      ...checks,
      {
        gate: "soak",
        met: environment.minSoakMinutes === 0 || (soakedMinutes ?? 0) >= environment.minSoakMinutes,
        evidence: { requiredMinutes: environment.minSoakMinutes, soakedMinutes },
      },
      { gate: "freeze", met: frozen === null, evidence: { frozenUntil: frozen?.endsAt.toISOString() ?? null } },
      { gate: "lock", met: !lock, evidence: lock ? { reason: lock.reason, by: lock.actorName } : null },
    ].map(async (g) => ({ ...g, overridden: goLive.overriddenGates.includes(g.gate) })),
  );
}

/** Deploy requests into the environment, their delivery attempts and the reports that came back. */
async function deploymentsOf(tx: Tx, releaseId: number, environmentId: number) {
  const rows = await tx
    .select()
    .from(deployments)
    .where(and(eq(deployments.releaseId, releaseId), eq(deployments.environmentId, environmentId)))
    .orderBy(asc(deployments.id));
  return await Promise.all(
    rows.map(async (d) => {
      const request = await first(
        tx
          .select({
            attempts: outbox.attempts,
            state: outbox.state,
            deliveredAt: outbox.deliveredAt,
            lastError: outbox.lastError,
          })
          .from(outbox)
          .where(and(eq(outbox.deploymentId, d.id), isNotNull(outbox.deploymentId))),
      );
      const reports = await tx
        .select({
          id: auditEvents.id,
          at: auditEvents.createdAt,
          summary: auditEvents.summary,
          by: auditEvents.actorName,
        })
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.releaseId, releaseId),
            eq(auditEvents.environmentId, environmentId),
            eq(auditEvents.kind, "deployment.reported"),
            lte(auditEvents.createdAt, d.statusAt),
          ),
        )
        .orderBy(asc(auditEvents.id));
      return {
        target: d.targetKind,
        status: d.status,
        requestedAt: d.requestedAt.toISOString(),
        succeededAt: d.succeededAt?.toISOString() ?? null,
        url: d.url,
        description: d.description,
        request: request
          ? {
              attempts: request.attempts,
              state: request.state,
              deliveredAt: request.deliveredAt?.toISOString() ?? null,
            }
          : null,
        reports: reports.map((r) => ({ ...r, at: r.at.toISOString() })),
      };
    }),
  );
}
