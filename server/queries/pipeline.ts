import { readTransaction, type Queryable } from "../../db/client";
import { presetOf } from "../domain/pipeline-presets";
import { exportPipeline, findProject, loadPipeline } from "../engine";
import { countActiveReleases } from "./projects";

/** The pipeline file of a project, as `pipeline export` shows it (the engine makes it: verbs compare against it too). */
export { exportPipeline } from "../engine";

/** A project's pipeline as the file `releaseboard pipeline apply` takes, read in one transaction. */
export function pipelineFileOf(db: Queryable, slug: string) {
  return readTransaction(db, (tx) => {
    const project = findProject(tx, slug);
    return exportPipeline(tx, project, loadPipeline(tx, project.id));
  });
}

/** The pipeline for the editor: the file, what each environment holds, and the preset it matches. */
export function pipelineForEditor(db: Queryable, slug: string) {
  return readTransaction(db, (tx) => {
    const project = findProject(tx, slug);
    const file = exportPipeline(tx, project, loadPipeline(tx, project.id));
    return { file, occupied: countActiveReleases(tx, project.id), preset: presetOf(file) };
  });
}
