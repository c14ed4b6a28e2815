import { z } from "zod";
import { eq } from "drizzle-orm";
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
} from "../engine";

export const reportDeploymentInput = z.object({
  project: slugSchema,
  version: versionSchema,
  environment: slugSchema,
  status: z.enum(deploymentReportStatuses, { error: `must be one of ${deploymentReportStatuses.join(", ")}` }),
  url: httpUrlSchema.optional(),
  description: z.string().max(2000, "must be at most 2000 characters").optional(),
});
export type ReportDeploymentInput = z.input<typeof reportDeploymentInput>;

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
export function reportDeployment({ ctx, input }: VerbArgs<ReportDeploymentInput>) {
  const data = parseInput(reportDeploymentInput, input);
  return writeTransaction(ctx, (tx) => {
    const { project, pipeline } = authorizedProject(ctx, tx, data.project, "deployment.report");
    const environment = findEnvironment(pipeline, data.environment, project);
    const release = findRelease(tx, project, data.version);
    const now = clock(ctx);
    const existing = latestDeployment(tx, release.id, environment.id);
    const succeeded = data.status === "succeeded";
    const changes = {
      status: data.status,
      statusAt: now,
      ...(data.url !== undefined ? { url: data.url } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
      // A repeated success report must not restart the soak clock.
      ...(succeeded && existing?.status !== "succeeded" ? { succeededAt: now } : {}),
    };
    const deployment = existing
      ? tx.update(deployments).set(changes).where(eq(deployments.id, existing.id)).returning().get()
      : tx
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
          .returning()
          .get();
    const why = data.description ? `: ${data.description}` : "";
    recordAudit(
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
      announceDeployFailure(
        tx,
        release.id,
        environment.id,
        data.description ?? "the deploy system reported failed",
        now,
      );
    if (succeeded && here) enforceCapacity(tx, environment, pipeline, now, release);
    const autoPromoted = succeeded && here ? autoPromote(tx, project.id, now, [release.id], pipeline) : [];
    const after = autoPromoted.length ? tx.select().from(releases).where(eq(releases.id, release.id)).get()! : release;
    return {
      deployment,
      release: after,
      environment: pipeline.find((e) => e.id === after.environmentId)?.slug ?? null,
      autoPromoted,
    };
  });
}
