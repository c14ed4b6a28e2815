import { z } from "zod";
import { envName, jsonHeaders, ref, tokenField } from "./common";
import type { DeployTargetKindOf } from "./kind";

type Spec = { repository: string; workflow: string; ref: string; tokenEnv: string };

/** GitHub Actions: a workflow_dispatch with the release as inputs (README: Deployments). */
export const githubWorkflow: DeployTargetKindOf<Spec> = {
  title: "GitHub Actions workflow",
  description: "Runs a workflow by workflow_dispatch, with version, sha and environment as inputs.",
  fields: [
    { name: "repository", label: "Repository", hint: "owner/name" },
    { name: "workflow", label: "Workflow", hint: "file name, e.g. deploy.yml" },
    { name: "ref", label: "Ref", hint: "branch or tag the pipeline runs on", initial: "main" },
    tokenField,
  ],
  schema: z.strictObject({
    repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be "owner/repository"'),
    workflow: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\w.-]+$/, "must be the workflow's file name (deploy.yml) or id"),
    ref,
    tokenEnv: envName,
  }),
  describe: (s) => `GitHub workflow ${s.workflow} in ${s.repository}@${s.ref}`,
  // POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches (GitHub REST, Actions).
  request: (s, { inputs, token, base }) => {
    const [owner, repo] = s.repository.split("/") as [string, string];
    return {
      url: `${base.githubApi}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/workflows/${encodeURIComponent(s.workflow)}/dispatches`,
      body: JSON.stringify({ ref: s.ref, inputs }),
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token(s.tokenEnv)}`,
        "x-github-api-version": "2022-11-28",
        ...jsonHeaders,
      },
      guarded: false,
    };
  },
};
