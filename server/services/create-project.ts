import { first } from "../../db/client";
import { z } from "zod";
import { displayNameSchema } from "../domain/names";
import { eq } from "drizzle-orm";
import { projects } from "../../db/schema";
import { conflict } from "../errors";
import { pipelineFileSchema } from "../domain/pipeline-file";
import { pipelinePresets, withPreset } from "../domain/pipeline-presets";
import { authorize, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { applyPipelineIn } from "./apply-pipeline";

export const createProjectInput = z.object({
  slug: slugSchema,
  name: displayNameSchema(100),
  preset: z.enum(pipelinePresets).default("continuous-delivery"),
});

/** The pipeline a new project starts with; the editor and `pipeline apply` change it. */
const starterEnvironments = [
  { slug: "dev", name: "Development" },
  { slug: "qa", name: "QA" },
  { slug: "staging", name: "Staging" },
  { slug: "production", name: "Production" },
];

/** A new project with the four usual environments, set up by a preset. */
export async function createProject({ ctx, input }: VerbArgs<z.input<typeof createProjectInput>>) {
  const data = parseInput(createProjectInput, input);
  return writeTransaction(ctx, async (tx) => {
    authorize(ctx, "pipeline.edit");
    if (await first(tx.select({ id: projects.id }).from(projects).where(eq(projects.slug, data.slug)))) {
      throw conflict(`A project with the address "${data.slug}" exists already; choose another`);
    }
    const file = withPreset(
      pipelineFileSchema.parse({ project: data.slug, name: data.name, environments: starterEnvironments }),
      data.preset,
    );
    await applyPipelineIn(tx, ctx, file);
    return { slug: data.slug };
  });
}
