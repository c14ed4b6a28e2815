import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import { fromGitHubDeploymentState } from "../../domain/deploy";
import { invalid } from "../../errors";
import type { ApiCall } from "../api";
import { verifyGitHubSignature } from "../signatures";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, reportForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

const githubConclusion = (conclusion: string | null | undefined): CheckStatus =>
  conclusion === "success"
    ? "passed"
    : conclusion === "failure" || conclusion === "timed_out"
      ? "failed"
      : conclusion === "cancelled"
        ? "cancelled"
        : "skipped";

const githubPayload = z.object({
  action: z.string().optional(),
  workflow_run: z
    .object({
      id: z.number().optional(),
      run_attempt: z.number().int().optional(),
      updated_at: z.string().nullish(),
      name: z.string().nullish(),
      path: z.string().optional(),
      head_sha: z.string(),
      conclusion: z.string().nullish(),
      html_url: z.string().optional(),
    })
    .optional(),
  check_suite: z
    .object({
      id: z.number().optional(),
      updated_at: z.string().nullish(),
      head_sha: z.string(),
      conclusion: z.string().nullish(),
      app: z.object({ name: z.string() }).optional(),
    })
    .optional(),
  check_run: z
    .object({
      id: z.number().optional(),
      completed_at: z.string().nullish(),
      name: z.string(),
      head_sha: z.string(),
      conclusion: z.string().nullish(),
      html_url: z.string().optional(),
    })
    .optional(),
});

/**
 * A workflow's name, or when it has none (GitHub's own examples send "") the file name
 * from its path: ".github/workflows/ci.yml" is check "ci.yml".
 */
function workflowName(run: { name?: string | null; path?: string }): string {
  if (run.name?.trim()) return run.name;
  const file = run.path?.split("@")[0]?.split("/").at(-1);
  if (!file) throw invalid("The workflow_run has neither a name nor a path to name its check by");
  return file;
}

async function githubCall(call: ApiCall): Promise<ApiResult> {
  const event = call.event ?? "";
  if (event === "ping") return { status: 200, event, body: { ok: true, message: "Releaseboard is listening" } };
  if (event === "deployment_status") return githubDeploymentReport(call, event);
  if (!["workflow_run", "check_suite", "check_run"].includes(event))
    return ignored(event, `Event ${event || "(none)"} is not used`);
  const payload = payloadOf(call, githubPayload, `GitHub ${event} payload`);
  if (payload.action !== "completed") return ignored(event, `Action ${payload.action} is not used; only completed`);
  const run =
    event === "workflow_run"
      ? payload.workflow_run && {
          name: workflowName(payload.workflow_run),
          sha: payload.workflow_run.head_sha,
          conclusion: payload.workflow_run.conclusion,
          url: payload.workflow_run.html_url,
          run: runOf(
            "github:workflow_run",
            payload.workflow_run.id,
            payload.workflow_run.run_attempt,
            payload.workflow_run.updated_at,
          ),
        }
      : event === "check_suite"
        ? payload.check_suite && {
            name: payload.check_suite.app?.name ?? "check-suite",
            sha: payload.check_suite.head_sha,
            conclusion: payload.check_suite.conclusion,
            url: undefined,
            run: runOf("github:check_suite", payload.check_suite.id, 1, payload.check_suite.updated_at),
          }
        : payload.check_run && {
            name: payload.check_run.name,
            sha: payload.check_run.head_sha,
            conclusion: payload.check_run.conclusion,
            url: payload.check_run.html_url,
            run: runOf("github:check_run", payload.check_run.id, 1, payload.check_run.completed_at),
          };
  if (!run) throw invalid(`The ${event} payload has no ${event} object`);
  return recordForCommit(
    call,
    run.sha,
    run.name,
    githubConclusion(run.conclusion),
    run.url?.startsWith("https://") ? run.url : undefined,
    event,
    run.run,
  );
}

const githubDeploymentStatus = z.object({
  deployment_status: z.object({
    id: z.number().optional(),
    created_at: z.string().nullish(),
    state: z.string(),
    environment: z.string().optional(),
    description: z.string().nullish(),
    target_url: z.string().nullish(),
    log_url: z.string().nullish(),
    environment_url: z.string().nullish(),
  }),
  deployment: z.object({ id: z.number().optional(), sha: z.string(), environment: z.string() }),
});

function githubDeploymentReport(call: ApiCall, event: string): Promise<ApiResult> {
  const { deployment_status: status, deployment } = payloadOf(
    call,
    githubDeploymentStatus,
    "GitHub deployment_status payload",
  );
  return reportForCommit(
    call,
    {
      sha: deployment.sha,
      environment: status.environment ?? deployment.environment,
      status: fromGitHubDeploymentState(status.state),
      rawStatus: status.state,
      url: status.log_url ?? status.target_url ?? status.environment_url ?? undefined,
      description: status.description ?? undefined,
      // Status ids only grow within a deployment: the attempt that orders its reports.
      run: runOf("github:deployment", deployment.id, status.id ?? 0, status.created_at),
    },
    event,
  );
}

/** GitHub's own webhook (README: Connecting CI): workflow runs, check suites and runs, deployment statuses. */
export const github: WebhookSource = {
  system: "github",
  title: "GitHub",
  eventHeader: "x-github-event",
  auth: {
    sender: { id: "github", name: "GitHub" },
    deliveryHeader: "x-github-delivery",
    verify: (request, raw, secrets) => {
      const signature = request.headers.get("x-hub-signature-256");
      if (!signature) return "X-Hub-Signature-256 is missing: set the webhook's secret to the project's signing secret";
      return verifyGitHubSignature(raw, signature, secrets)
        ? null
        : "X-Hub-Signature-256 does not match the body and the project's signing secret";
    },
  },
  handle: githubCall,
};
