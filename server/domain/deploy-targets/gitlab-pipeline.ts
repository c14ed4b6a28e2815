import { z } from "zod";
import { envName, ref, tokenField } from "./common";
import type { DeployTargetKindOf } from "./kind";

type Spec = { project: string; ref: string; tokenEnv: string };

/** GitLab: a pipeline trigger with the release as variables (README: Deployments). */
export const gitlabPipeline: DeployTargetKindOf<Spec> = {
  title: "GitLab pipeline",
  description: "Triggers a pipeline with a trigger token, with version, sha and environment as variables.",
  fields: [
    { name: "project", label: "GitLab project", hint: "group/project or id" },
    { name: "ref", label: "Ref", hint: "branch or tag the pipeline runs on", initial: "main" },
    tokenField,
  ],
  schema: z.strictObject({
    project: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\w.-]+(?:\/[\w.-]+)*$/, 'must be the project\'s path ("group/project") or numeric id'),
    ref,
    tokenEnv: envName,
  }),
  describe: (s) => `GitLab pipeline of ${s.project}@${s.ref}`,
  // POST /api/v4/projects/:id/trigger/pipeline with token, ref and variables[KEY] (GitLab pipeline triggers API).
  request: (s, { inputs, token, base }) => {
    const form = new URLSearchParams({ token: token(s.tokenEnv), ref: s.ref });
    for (const [key, value] of Object.entries(inputs)) form.set(`variables[${key}]`, value);
    return {
      url: `${base.gitlab}/api/v4/projects/${encodeURIComponent(s.project)}/trigger/pipeline`,
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      guarded: false,
    };
  },
};
