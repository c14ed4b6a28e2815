import { first } from "../../db/client";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { preparedQuery, type Tx } from "../../db/client";
import {
  deployments,
  outbox,
  projects,
  releases,
  transitions,
  type Deployment,
  type Environment,
  type Release,
  type Transition,
} from "../../db/schema";
import { deployTargetKind, describeDeployTarget, outboundRetryWindowMs, type DeploymentFact } from "../domain/deploy";
import { cdeventsServiceKind, serviceEvent, type ServicePredicate } from "../domain/deploy-targets/cdevents";
import type { Actor } from "../domain/permissions";
import { recordAudit } from "./audit";
import { outboundSecretOf } from "./outbound-secret";
import { inIdsPlaceholder } from "./in-ids";

/** The outbox kind of a deploy request; the dispatcher sends it to the environment's target. */
export const deploymentRequestedKind = "deployment.requested";

/** The JSON a `webhook` target receives (README, "Deployments"). */
export type DeploymentRequestedEvent = {
  type: typeof deploymentRequestedKind;
  id: string;
  project: string;
  environment: string;
  release: { version: string; commitSha: string | null; branch: string | null };
  transition: { kind: string; from: string | null; to: string; by: string; reason: string | null };
};

export type DeployRequest = {
  release: Release;
  environment: Environment;
  /** The move that entered the environment; null for Retry deploy. */
  transition: Transition | null;
  from: Environment | undefined;
  actor: Actor;
  reason?: string | null;
  now: Date;
};

/**
 * Writes a deployment request and the outbox message that carries it, in the caller's
 * transaction: the request exists if and only if the move does, and the dispatcher sends
 * it after the commit (at least once, under one stable message id).
 */
export async function requestDeployment(tx: Tx, request: DeployRequest): Promise<Deployment | null> {
  const { release, environment, now } = request;
  const target = environment.deployTarget;
  if (!target) return null;
  const deployment = (await first(
    tx
      .insert(deployments)
      .values({
        projectId: release.projectId,
        releaseId: release.id,
        environmentId: environment.id,
        transitionId: request.transition?.id ?? null,
        targetKind: deployTargetKind(target),
        status: "requested",
        requestedAt: now,
        statusAt: now,
        createdAt: now,
      })
      .returning(),
  ))!;
  const messageId = `msg_${randomUUID()}`;
  const project = (await first(
    tx.select({ slug: projects.slug }).from(projects).where(eq(projects.id, release.projectId)),
  ))!;
  const event: DeploymentRequestedEvent = {
    type: deploymentRequestedKind,
    id: messageId,
    project: project.slug,
    environment: environment.slug,
    release: { version: release.version, commitSha: release.commitSha, branch: release.branch },
    transition: {
      kind: request.transition?.kind ?? "retry",
      from: request.from?.slug ?? null,
      to: environment.slug,
      by: request.actor.name,
      reason: request.reason ?? null,
    },
  };
  await tx
    .insert(outbox)
    .values({
      projectId: release.projectId,
      kind: deploymentRequestedKind,
      messageId,
      target: target as Record<string, unknown>,
      payload: JSON.stringify(event),
      deploymentId: deployment.id,
      nextAttemptAt: now,
      retryUntil: new Date(now.getTime() + outboundRetryWindowMs),
      createdAt: now,
    });
  // Made now if the project predates outbound events, so the first attempt can sign.
  await outboundSecretOf(tx, release.projectId, now);
  await recordAudit(
    tx,
    request.actor,
    {
      projectId: release.projectId,
      environmentId: environment.id,
      releaseId: release.id,
      kind: "deployment.requested",
      summary: `deploy of ${release.version} to ${environment.name} requested (${describeDeployTarget(target)})`,
      detail: { version: release.version, environment: environment.slug, deployment: deployment.id, messageId },
    },
    now,
  );
  return deployment;
}

export const toDeploymentFact = (d: Deployment): DeploymentFact => ({
  environmentId: d.environmentId,
  status: d.status,
  requestedAt: d.requestedAt,
  statusAt: d.statusAt,
  succeededAt: d.succeededAt,
  url: d.url,
  description: d.description,
});

/**
 * The latest deployment of each release into the environment it is in now, for many
 * releases in one query (the board and the gates read this).
 */
export async function currentDeployments(
  tx: Tx,
  releaseRows: Pick<Release, "id" | "environmentId">[],
): Promise<Map<number, Deployment>> {
  const found = new Map<number, Deployment>();
  if (releaseRows.length === 0) return found;
  const where = new Map(releaseRows.map((r) => [r.id, r.environmentId]));
  for (const row of await latestDeploymentsQuery(tx).execute({ ids: JSON.stringify(releaseRows.map((r) => r.id)) })) {
    if (where.get(row.releaseId) === row.environmentId) found.set(row.releaseId, row);
  }
  return found;
}

// Prepared once per connection: gate facts read it for every card of a board and on every result.
const latestDeploymentsQuery = preparedQuery((db) =>
  db
    .select()
    .from(deployments)
    .where(
      inArray(
        deployments.id,
        db
          .select({ id: sql<number>`max(${deployments.id})` })
          .from(deployments)
          .where(inIdsPlaceholder(deployments.releaseId, "ids"))
          .groupBy(deployments.releaseId, deployments.environmentId),
      ),
    )
    .prepare(),
);

/** The latest deployment of one release into one environment. */
export async function latestDeployment(
  tx: Tx,
  releaseId: number,
  environmentId: number,
): Promise<Deployment | undefined> {
  return await first(
    tx
      .select()
      .from(deployments)
      .where(and(eq(deployments.releaseId, releaseId), eq(deployments.environmentId, environmentId)))
      .orderBy(sql`${deployments.id} desc`)
      .limit(1),
  );
}

/**
 * A release went live in an environment whose deploy target is `cdevents` (its deploy was reported
 * succeeded): the environment's receiver gets the CDEvent saying so — `service.rolledback` when a
 * rollback brought it in, `service.upgraded` when it replaces a release that was live there,
 * `service.deployed` when none was — through the outbox, in the caller's transaction, signed like
 * the deploy request (README: Deployments). Called before capacity supersedes the release replaced.
 */
export async function queueServiceEvent(
  tx: Tx,
  request: { release: Release; environment: Environment; deployment: Deployment; now: Date },
) {
  const { release, environment, deployment, now } = request;
  const target = environment.deployTarget;
  if (!target || !("cdevents" in target)) return;
  const transition = deployment.transitionId
    ? await first(
        tx.select({ kind: transitions.kind }).from(transitions).where(eq(transitions.id, deployment.transitionId)),
      )
    : undefined;
  const others = await tx
    .select()
    .from(releases)
    .where(and(eq(releases.environmentId, environment.id), eq(releases.state, "active"), ne(releases.id, release.id)))
    .orderBy(desc(releases.enteredAt), desc(releases.id));
  const live = await currentDeployments(tx, others);
  const previous = others.find((r) => live.get(r.id)?.status === "succeeded") ?? null;
  const predicate: ServicePredicate =
    transition?.kind === "rollback" ? "rolledback" : previous ? "upgraded" : "deployed";
  const project = (await first(
    tx.select({ slug: projects.slug }).from(projects).where(eq(projects.id, release.projectId)),
  ))!;
  const messageId = `msg_${randomUUID()}`;
  const event = serviceEvent({
    predicate,
    id: messageId,
    project: project.slug,
    environment: environment.slug,
    version: release.version,
    commitSha: release.commitSha,
    previous: previous?.version ?? null,
    transition: transition?.kind ?? null,
    at: now,
  });
  await tx
    .insert(outbox)
    .values({
      projectId: release.projectId,
      kind: cdeventsServiceKind,
      messageId,
      target: target as Record<string, unknown>,
      payload: JSON.stringify(event),
      nextAttemptAt: now,
      retryUntil: new Date(now.getTime() + outboundRetryWindowMs),
      createdAt: now,
    });
}
