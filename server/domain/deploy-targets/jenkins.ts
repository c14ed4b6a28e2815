import { z } from "zod";
import { targetUrlSchema } from "../addresses";
import { envName, hostOnlyUrl, tokenField } from "./common";
import type { DeployTargetKindOf } from "./kind";

type Spec = { job: string; user: string; tokenEnv: string };

/**
 * Jenkins: "build with parameters" of a parameterized job, `POST {job URL}/buildWithParameters`
 * with VERSION, SHA and ENVIRONMENT, authenticated as a user with an API token (HTTP Basic, which
 * Jenkins exempts from its CSRF crumb).
 */
export const jenkins: DeployTargetKindOf<Spec> = {
  title: "Jenkins job",
  description: "Builds a parameterized Jenkins job with VERSION, SHA and ENVIRONMENT.",
  fields: [
    { name: "job", label: "Job URL", hint: "https://jenkins.example.com/job/deploy", wide: true },
    { name: "user", label: "User", hint: "the Jenkins user the API token belongs to" },
    { ...tokenField, hint: "server environment variable holding the user's API token, RELEASEBOARD_DEPLOY_TOKEN_…" },
  ],
  schema: z.strictObject({
    job: targetUrlSchema.refine((url) => /\/job\/[^/]+\/?$/.test(new URL(url).pathname), {
      message: "must be a job's URL, ending in /job/<name>",
    }),
    user: z
      .string()
      .min(1, "must not be empty")
      .max(255)
      .regex(/^[^:\s]+$/, "must be a user name (no spaces or colons)"),
    tokenEnv: envName,
  }),
  describe: (s) =>
    `Jenkins job ${decodeURIComponent(/\/job\/([^/]+)\/?$/.exec(new URL(s.job).pathname)?.[1] ?? "")} at ${hostOnlyUrl(s.job)}`,
  redact: (s) => ({ ...s, job: hostOnlyUrl(s.job) }),
  request: (s, { inputs, token }) => ({
    url: `${s.job.replace(/\/+$/, "")}/buildWithParameters`,
    body: new URLSearchParams({ VERSION: inputs.version, SHA: inputs.sha, ENVIRONMENT: inputs.environment }).toString(),
    headers: {
      authorization: `Basic ${Buffer.from(`${s.user}:${token(s.tokenEnv)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    guarded: true,
  }),
};
