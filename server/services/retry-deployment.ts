import { z } from "zod";
import { conflict, invalid } from "../errors";
import { clock, parseInput, writeTransaction, type VerbArgs, authorizedProject } from "./context";
import { slugSchema, versionSchema } from "../domain/schemas";
import { latestDeployment, requestDeployment, findRelease } from "../engine";

export const retryDeploymentInput = z.object({
  project: slugSchema,
  version: versionSchema,
  /** Where the caller believes the release is; if it has moved since, nothing is sent. */
  environment: slugSchema,
});
export type RetryDeploymentInput = z.input<typeof retryDeploymentInput>;

/** Retry deploy: a new deployment request for the environment the release is in. */
export async function retryDeployment({ ctx, input }: VerbArgs<RetryDeploymentInput>) {
  const data = parseInput(retryDeploymentInput, input);
  return writeTransaction(ctx, async (tx) => {
    const { project, pipeline } = await authorizedProject(ctx, tx, data.project, "release.move");
    const release = await findRelease(tx, project, data.version);
    const environment = pipeline.find((e) => e.id === release.environmentId);
    if (release.state !== "active" || environment?.slug !== data.environment) {
      throw conflict(`${release.version} is no longer in ${data.environment}; nothing was sent`);
    }
    if (!environment.deployTarget)
      throw invalid(`${environment.name} has no deploy target; set one in the pipeline first`);
    if ((await latestDeployment(tx, release.id, environment.id))?.status === "succeeded") {
      throw conflict(`${release.version} is already deployed to ${environment.name}`);
    }
    return (await requestDeployment(tx, {
      release,
      environment,
      transition: null,
      from: undefined,
      actor: ctx.actor,
      now: clock(ctx),
    }))!;
  });
}
