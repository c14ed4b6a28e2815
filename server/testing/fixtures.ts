import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { projects } from "../../db/schema";
import type { PipelineFileInput } from "../domain/pipeline-file";
import { activeSigningSecrets } from "../queries/tokens";
import { applyPipeline } from "../services/apply-pipeline";
import type { ServiceContext } from "../services/context";

/** Applies a pipeline file for project `slug` (named `name`) with these environments. */
export function givenProject(ctx: ServiceContext, slug: string, environments: PipelineFileInput["environments"], name = slug) {
  return applyPipeline({ ctx, input: { project: slug, name, environments } });
}

/** The project's id and its (first) active signing secret for inbound webhooks. */
export function projectSecret(db: Db, slug: string) {
  const projectId = db.select().from(projects).where(eq(projects.slug, slug)).get()!.id;
  return { projectId, secret: activeSigningSecrets(db, projectId)[0]! };
}
