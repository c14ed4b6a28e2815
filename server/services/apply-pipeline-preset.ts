import { z } from "zod";
import { pipelinePresets, presetLabels, withPreset } from "../domain/pipeline-presets";
import { authorize, parseInput, writeTransaction, type VerbArgs } from "./context";
import { slugSchema } from "../domain/schemas";
import { applyPipelineIn } from "./apply-pipeline";
import { exportPipeline, findProject, loadPipeline } from "../engine";

export const applyPipelinePresetInput = z.object({ project: slugSchema, preset: z.enum(pipelinePresets) });

/** Sets every environment's promotion policy from a preset in one change; auto-promotion runs at once. */
export async function applyPipelinePreset({ ctx, input }: VerbArgs<z.input<typeof applyPipelinePresetInput>>) {
  const data = parseInput(applyPipelinePresetInput, input);
  return writeTransaction(ctx, async (tx) => {
    const project = await findProject(tx, data.project);
    authorize(ctx, "pipeline.edit", project.id);
    const file = await exportPipeline(tx, project, await loadPipeline(tx, project.id));
    return applyPipelineIn(
      tx,
      ctx,
      withPreset(file, data.preset),
      `applied the ${presetLabels[data.preset].name} preset to the pipeline`,
    );
  });
}
