import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { projects } from "../../db/schema";
import type { PipelineFileInput } from "../domain/pipeline-file";
import { activeSigningSecrets } from "../queries/tokens";
import { applyPipeline } from "../services/apply-pipeline";
import type { ServiceContext } from "../services/context";

/** Applies a pipeline file for the project (a slug, which is then its name too) with these environments. */
export function givenProject(
  ctx: ServiceContext,
  project: string | { slug: string; name: string },
  environments: PipelineFileInput["environments"],
) {
  const { slug, name } = typeof project === "string" ? { slug: project, name: project } : project;
  return applyPipeline({ ctx, input: { project: slug, name, environments } });
}

/** The project's id and its (first) active signing secret for inbound webhooks. */
export function projectSecret(db: Db, slug: string) {
  const projectId = db.select().from(projects).where(eq(projects.slug, slug)).get()!.id;
  return { projectId, secret: activeSigningSecrets(db, projectId)[0]! };
}
