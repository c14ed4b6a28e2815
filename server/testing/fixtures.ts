import { first } from "../../db/client";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { projects } from "../../db/schema";
import type { PipelineFileInput } from "../domain/pipeline-file";
import { activeSigningSecrets } from "../queries/tokens";
import { applyPipeline } from "../services/apply-pipeline";
import type { ServiceContext } from "../services/context";
import { insertUser } from "../services/add-user";
import type { Actor, Role } from "../domain/permissions";

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
export async function projectSecret(db: Db, slug: string) {
  const projectId = (await first(db.select().from(projects).where(eq(projects.slug, slug))))!.id;
  return { projectId, secret: (await activeSigningSecrets(db, projectId))[0]! };
}

/** A person who can be put in teams (no usable password: the tests act as them through a context). */
export async function givenPerson(
  ctx: ServiceContext,
  name: string,
  role: Role,
  email = `${name.toLowerCase()}@example.com`,
) {
  const user = await insertUser(ctx, { email, name, role, password: "unused-password" }, "not-a-hash");
  return { user, actor: { type: "user", id: user.id, name: user.name, role } satisfies Actor };
}
