import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import { fromGitLabDeploymentStatus } from "../../domain/deploy";
import { invalid } from "../../errors";
import type { ApiCall } from "../api";
import { verifyGitLabToken } from "../signatures";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, reportForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

const gitlabStatus: Record<string, CheckStatus> = {
  success: "passed",
  failed: "failed",
  canceled: "cancelled",
  skipped: "skipped",
  running: "running",
};

const gitlabPayload = z.object({
  object_kind: z.string(),
  object_attributes: z
    .object({
      id: z.number().optional(),
      created_at: z.string().nullish(),
      finished_at: z.string().nullish(),
      status: z.string(),
      sha: z.string(),
      name: z.string().nullish(),
      url: z.string().optional(),
    })
    .optional(),
  build_id: z.number().optional(),
  build_created_at: z.string().nullish(),
  build_started_at: z.string().nullish(),
  build_finished_at: z.string().nullish(),
  build_status: z.string().optional(),
  build_name: z.string().optional(),
  sha: z.string().optional(),
  project: z.object({ web_url: z.string().optional() }).optional(),
});

async function gitlabCall(call: ApiCall): Promise<ApiResult> {
  const payload = payloadOf(call, gitlabPayload, "GitLab event payload");
  const event = payload.object_kind;
  if (event === "deployment") return gitlabDeploymentReport(call);
  const found =
    event === "pipeline" && payload.object_attributes
      ? {
          sha: payload.object_attributes.sha,
          name: payload.object_attributes.name || "pipeline",
          status: payload.object_attributes.status,
          url: payload.object_attributes.url,
          run: runOf(
            "gitlab:pipeline",
            payload.object_attributes.id,
            1,
            payload.object_attributes.finished_at ?? payload.object_attributes.created_at,
          ),
        }
      : event === "build" && payload.sha && payload.build_name && payload.build_status
        ? {
            sha: payload.sha,
            // Each job is its own check, named as GitLab shows it ("rspec 1/3", "test: [ruby, 3.3]").
            name: payload.build_name,
            status: payload.build_status,
            url:
              payload.project?.web_url && payload.build_id !== undefined
                ? `${payload.project.web_url}/-/jobs/${payload.build_id}`
                : undefined,
            run: runOf(
              "gitlab:build",
              payload.build_id,
              1,
              payload.build_finished_at ?? payload.build_started_at ?? payload.build_created_at,
            ),
          }
        : null;
  if (!found) return ignored(event, `Event ${event} is not used`);
  const status = gitlabStatus[found.status];
  if (!status) return ignored(event, `Status ${found.status} is not recorded`);
  return recordForCommit(
    call,
    found.sha,
    found.name,
    status,
    found.url?.startsWith("https://") ? found.url : undefined,
    event,
    found.run,
  );
}

const gitlabDeployment = z.object({
  deployment_id: z.number().optional(),
  status_changed_at: z.string().nullish(),
  status: z.string(),
  environment: z.string(),
  short_sha: z.string().optional(),
  commit_url: z.string().optional(),
  deployable_url: z.string().nullish(),
});

function gitlabDeploymentReport(call: ApiCall): Promise<ApiResult> {
  const p = payloadOf(call, gitlabDeployment, "GitLab deployment event");
  // commit_url ends in the full SHA; short_sha is the fallback.
  const sha = /\/commit\/([0-9a-f]{40})$/i.exec(p.commit_url ?? "")?.[1] ?? p.short_sha;
  if (!sha) throw invalid("The deployment event has neither commit_url nor short_sha");
  return reportForCommit(
    call,
    {
      sha,
      environment: p.environment,
      status: fromGitLabDeploymentStatus(p.status),
      rawStatus: p.status,
      url: p.deployable_url ?? undefined,
      run: runOf("gitlab:deployment", p.deployment_id, 1, p.status_changed_at),
    },
    "deployment",
  );
}

/** GitLab's project webhook (README: Connecting CI): pipeline, job and deployment events. */
export const gitlab: WebhookSource = {
  system: "gitlab",
  title: "GitLab",
  eventHeader: "x-gitlab-event",
  auth: {
    sender: { id: "gitlab", name: "GitLab" },
    verify: (request, _raw, secrets) => {
      const token = request.headers.get("x-gitlab-token");
      return token && verifyGitLabToken(token, secrets)
        ? null
        : "X-Gitlab-Token is missing or is not the project's signing secret";
    },
  },
  handle: gitlabCall,
};
