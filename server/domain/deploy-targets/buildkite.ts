import { z } from "zod";
import { envName, jsonHeaders, ref, segment, tokenField } from "./common";
import type { DeployTargetKindOf } from "./kind";

type Spec = { organization: string; pipeline: string; branch: string; tokenEnv: string };

/**
 * Buildkite: creates a build through its REST API, `POST /v2/organizations/{org}/pipelines/{pipeline}/builds`
 * with an API access token (write_builds), at the release's commit, with the release in its env.
 */
export const buildkite: DeployTargetKindOf<Spec> = {
  title: "Buildkite build",
  description: "Creates a build of a Buildkite pipeline at the release's commit, the release in its environment.",
  fields: [
    { name: "organization", label: "Organization", hint: "the organization's slug" },
    { name: "pipeline", label: "Pipeline", hint: "the pipeline's slug" },
    { name: "branch", label: "Branch", hint: "the branch the build is for", initial: "main" },
    tokenField,
  ],
  schema: z.strictObject({
    organization: segment("organization's slug"),
    pipeline: segment("pipeline's slug"),
    branch: ref,
    tokenEnv: envName,
  }),
  describe: (s) => `Buildkite pipeline ${s.organization}/${s.pipeline}@${s.branch}`,
  request: (s, { inputs, token, base }) => ({
    url: `${base.buildkiteApi}/v2/organizations/${encodeURIComponent(s.organization)}/pipelines/${encodeURIComponent(s.pipeline)}/builds`,
    body: JSON.stringify({
      commit: inputs.sha || "HEAD",
      branch: s.branch,
      message: `Deploy ${inputs.version} to ${inputs.environment}`,
      env: {
        RELEASEBOARD_VERSION: inputs.version,
        RELEASEBOARD_SHA: inputs.sha,
        RELEASEBOARD_ENVIRONMENT: inputs.environment,
      },
      meta_data: { "releaseboard-version": inputs.version, "releaseboard-environment": inputs.environment },
    }),
    headers: { authorization: `Bearer ${token(s.tokenEnv)}`, ...jsonHeaders },
    guarded: false,
  }),
};
