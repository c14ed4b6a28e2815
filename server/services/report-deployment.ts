import { first } from "../../db/client";
import { z } from "zod";
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { deployments, releases } from "../../db/schema";
import { deploymentReportStatuses } from "../domain/deploy";
import { clock, parseInput, writeTransaction, type VerbArgs, authorizedProject } from "./context";
import { httpUrlSchema, slugSchema, versionSchema } from "../domain/schemas";
import {
  recordAudit,
  autoPromote,
  latestDeployment,
  announceDeployFailure,
  findEnvironment,
  findRelease,
  enforceCapacity,
  queueServiceEvent,
} from "../engine";
import { isStale, recordedPosition } from "../domain/replay";
import { runPositionSchema } from "./record-check-result";

export const reportDeploymentInput = z.object({
  project: slugSchema,
  version: versionSchema,
  environment: slugSchema,
  status: z.enum(deploymentReportStatuses, { error: `must be one of ${deploymentReportStatuses.join(", ")}` }),
  url: httpUrlSchema.optional(),
  description: z.string().max(2000, "must be at most 2000 characters").optional(),
  run: runPositionSchema.optional(),
});
export type ReportDeploymentInput = z.input<typeof reportDeploymentInput>;

/** The deployment a deploy system's run last reported on, for this release. */
const reportOfRun = async (tx: Tx, releaseId: number, runKey: string) =>
  await first(
    tx
      .select()
      .from(deployments)
      .where(and(eq(deployments.releaseId, releaseId), eq(deployments.runKey, runKey)))
      .orderBy(desc(deployments.id))
      .limit(1),
  );

const words = {
  queued: "queued",
  in_progress: "in progress",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
} as const;

/**
 * A deploy system says how a release's deploy into an environment went (README: Deployments). The
 * latest deployment of that release there takes the status; a report nobody asked for
 * starts one. On success the release counts as *in* the environment: the release it
 * replaces is superseded (capacity) and what waited on the deploy moves on.
 */
export async function reportDeployment({ ctx, input }: VerbArgs<ReportDeploymentInput>) {
  const data = parseInput(reportDeploymentInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "deployment.report");
    const environment = findEnvironment(pipeline, data.environment, project);
    const release = await findRelease(tx, project, data.version);
    const now = clock(ctx);
    const existing = await latestDeployment(tx, release.id, environment.id);
    // A replayed or late report of a deploy run never overrides a newer one of that run.
    const ofRun = data.run && (await reportOfRun(tx, release.id, data.run.key));
    if (data.run && ofRun && isStale(recordedPosition(ofRun), data.run)) {
      const where = pipeline.find((e) => e.id === release.environmentId);
      return { stale: true as const, deployment: ofRun, release, environment: where?.slug ?? null, autoPromoted: [] };
    }
    const succeeded = data.status === "succeeded";
    const changes = {
      status: data.status,
      statusAt: now,
      ...(data.url !== undefined ? { url: data.url } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
      ...(data.run
        ? { runKey: data.run.key, runAttempt: data.run.attempt, eventAt: data.run.at?.getTime() ?? null }
        : {}),
      // A repeated success report must not restart the soak clock.
      ...(succeeded && existing?.status !== "succeeded" ? { succeededAt: now } : {}),
    };
    const deployment = existing
      ? (await first(tx.update(deployments).set(changes).where(eq(deployments.id, existing.id)).returning()))!
      : (await first(
          tx
            .insert(deployments)
            .values({
              projectId: project.id,
              releaseId: release.id,
              environmentId: environment.id,
              targetKind: "external",
              requestedAt: now,
              createdAt: now,
              url: null,
              description: null,
              ...changes,
            })
            .returning(),
        ))!;
    const why = data.description ? `: ${data.description}` : "";
    await recordAudit(
      tx,
      ctx.actor,
      {
        projectId: project.id,
        environmentId: environment.id,
        releaseId: release.id,
        kind: "deployment.reported",
        summary: `deploy of ${release.version} to ${environment.name} ${words[data.status]}${why}`,
        detail: {
          version: release.version,
          environment: environment.slug,
          status: data.status,
          url: data.url ?? null,
          deployment: deployment.id,
        },
      },
      now,
    );
    const here = release.state === "active" && release.environmentId === environment.id;
    if (data.status === "failed" && here)
      await announceDeployFailure(
        tx,
        release.id,
        environment.id,
        data.description ?? "the deploy system reported failed",
        now,
      );
    // Gone live (not a repeated success report): an environment with a `cdevents` target says so.
    if (succeeded && here && existing?.status !== "succeeded")
      await queueServiceEvent(tx, { release, environment, deployment, now });
    if (succeeded && here) await enforceCapacity(tx, environment, pipeline, now, release);
    const autoPromoted = succeeded && here ? await autoPromote(tx, project.id, now, [release.id], pipeline) : [];
    const after = autoPromoted.length
      ? (await first(tx.select().from(releases).where(eq(releases.id, release.id))))!
      : release;
    return {
      stale: false as const,
      deployment,
      release: after,
      environment: pipeline.find((e) => e.id === after.environmentId)?.slug ?? null,
      autoPromoted,
    };
  });
}
