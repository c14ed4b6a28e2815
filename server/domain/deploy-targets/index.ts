import { z } from "zod";
import { argoCd } from "./argo-cd";
import { buildkite } from "./buildkite";
import { cdevents } from "./cdevents";
import { githubWorkflow } from "./github-workflow";
import { gitlabPipeline } from "./gitlab-pipeline";
import { jenkins } from "./jenkins";
import type { DeployTargetKindOf } from "./kind";
import { webhook } from "./webhook";

/**
 * Every deploy target kind, by its key in the pipeline file's `deploy:` (README: Deployments). A new
 * deploy system is one file in this folder and one line here: the pipeline file's schema, the
 * settings editor, the audit log's words and the dispatcher's request all read this map.
 */
export const deployTargetKinds = {
  webhook,
  githubWorkflow,
  gitlabPipeline,
  argoCd,
  buildkite,
  jenkins,
  cdevents,
} as const;

type Kinds = typeof deployTargetKinds;
export type DeployTargetKind = keyof Kinds;
type SpecOf<K extends DeployTargetKind> = Kinds[K] extends DeployTargetKindOf<infer S> ? S : never;

/** One environment's deploy target: exactly one kind, `{ argoCd: { server, application, tokenEnv } }`. */
export type DeployTargetSpec = { [K in DeployTargetKind]: { [P in K]: SpecOf<K> } }[DeployTargetKind];

export const deployTargetKindNames = Object.keys(deployTargetKinds) as DeployTargetKind[];

const isKind = (key: string): key is DeployTargetKind => Object.hasOwn(deployTargetKinds, key);

/** The kind of a target and its spec, from the one key it has. */
export function deployTargetParts(target: DeployTargetSpec): {
  kind: DeployTargetKind;
  spec: Record<string, string>;
  module: DeployTargetKindOf<Record<string, string>>;
} {
  const kind = Object.keys(target).find(isKind)!;
  return {
    kind,
    spec: (target as Record<string, Record<string, string>>)[kind]!,
    module: deployTargetKinds[kind] as unknown as DeployTargetKindOf<Record<string, string>>,
  };
}

const oneOf = deployTargetKindNames
  .map((kind) => `{ ${kind}: { ${deployTargetKinds[kind].fields.map((f) => f.name).join(", ")} } }`)
  .join(", ");

/** `deploy:` of an environment in the pipeline file: exactly one of the kinds above. */
export const deployTargetSchema = z.union(
  deployTargetKindNames.map((kind) => z.strictObject({ [kind]: deployTargetKinds[kind].schema })) as unknown as [
    z.ZodType<DeployTargetSpec>,
    z.ZodType<DeployTargetSpec>,
  ],
  { error: `must be one of ${oneOf}` },
) as unknown as z.ZodType<DeployTargetSpec, DeployTargetSpec>;

export type { DeployTargetKindOf, ReleaseInputs, RequestContext, TargetField, TargetRequest } from "./kind";
