import { readTransaction, type Queryable } from "../../db/client";
import { presetOf } from "../domain/pipeline-presets";
import { redactPipelineFile } from "../domain/pipeline-file";
import { exportPipeline, findProject, loadPipeline } from "../engine";
import { countActiveReleases } from "./projects";

/** The pipeline file of a project, as `pipeline export` shows it (the engine makes it: verbs compare against it too). */
export { exportPipeline } from "../engine";

/**
 * Who reads the pipeline: `whole` for those who may edit it (release managers, admins); anyone
 * else gets webhook URLs cut to their hosts, since the URLs work as passwords (README: Security).
 */
export type PipelineReader = { whole: boolean };

/** A project's pipeline as the file `releaseboard pipeline apply` takes, read in one transaction. */
export async function pipelineFileOf(db: Queryable, slug: string, reader: PipelineReader) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const file = await exportPipeline(tx, project, await loadPipeline(tx, project.id));
    return reader.whole ? file : redactPipelineFile(file);
  });
}

/** The pipeline for the editor: the file, what each environment holds, and the preset it matches. */
export async function pipelineForEditor(db: Queryable, slug: string, reader: PipelineReader) {
  return readTransaction(db, async (tx) => {
    const project = await findProject(tx, slug);
    const file = await exportPipeline(tx, project, await loadPipeline(tx, project.id));
    return {
      file: reader.whole ? file : redactPipelineFile(file),
      occupied: await countActiveReleases(tx, project.id),
      preset: presetOf(file),
    };
  });
}
