import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { ApiCall } from "../api";
import { verifyHexHmac } from "../signatures";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

/** CircleCI's workflow and job statuses (its outbound webhooks reference). */
const circleStatus: Record<string, CheckStatus> = {
  success: "passed",
  failed: "failed",
  error: "error",
  failing: "failed",
  canceled: "cancelled",
  unauthorized: "failed",
  not_run: "skipped",
  infrastructure_fail: "error",
  timedout: "failed",
  "terminated-unknown": "error",
};

const named = z.object({ id: z.string(), name: z.string(), status: z.string().optional(), url: z.string().optional() });
const circlePayload = z.object({
  id: z.string(),
  type: z.string(),
  happened_at: z.string().optional(),
  workflow: named.extend({ stopped_at: z.string().nullish() }).optional(),
  job: named.extend({ stopped_at: z.string().nullish() }).optional(),
  pipeline: z
    .object({
      vcs: z.object({ revision: z.string().optional() }).optional(),
      trigger_parameters: z
        .object({
          git: z.object({ checkout_sha: z.string().optional() }).optional(),
          gitlab: z.object({ checkout_sha: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

async function circleciCall(call: ApiCall): Promise<ApiResult> {
  const payload = payloadOf(call, circlePayload, "CircleCI webhook payload");
  const event = payload.type;
  const subject =
    event === "workflow-completed" ? payload.workflow : event === "job-completed" ? payload.job : undefined;
  if (!subject) return ignored(event, `Event ${event} is not used; only workflow-completed and job-completed`);
  const status = circleStatus[subject.status ?? ""];
  if (!status) return ignored(event, `Status ${subject.status ?? "(none)"} is not recorded`);
  const sha =
    payload.pipeline?.vcs?.revision ??
    payload.pipeline?.trigger_parameters?.git?.checkout_sha ??
    payload.pipeline?.trigger_parameters?.gitlab?.checkout_sha;
  const url = subject.url ?? payload.workflow?.url;
  const kind = event === "workflow-completed" ? "workflow" : "job";
  return recordForCommit(
    call,
    sha,
    subject.name,
    status,
    url?.startsWith("https://") ? url : undefined,
    event,
    runOf(`circleci:${kind}`, subject.id, 1, subject.stopped_at ?? payload.happened_at),
  );
}

/** CircleCI's outbound webhooks (README: Connecting CI): workflow-completed and job-completed. */
export const circleci: WebhookSource = {
  system: "circleci",
  title: "CircleCI",
  eventHeader: "circleci-event-type",
  auth: {
    sender: { id: "circleci", name: "CircleCI" },
    // circleci-signature: a comma-separated list of versioned signatures; v1 is the hex HMAC of the body.
    verify: (request, raw, secrets) => {
      const header = request.headers.get("circleci-signature");
      if (!header)
        return "circleci-signature is missing: set the webhook's secret token to the project's signing secret";
      const offered = header
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.startsWith("v1="))
        .map((part) => part.slice(3));
      return offered.some((hex) => verifyHexHmac(raw, hex, secrets))
        ? null
        : "circleci-signature does not match the body and the project's signing secret";
    },
  },
  handle: circleciCall,
};
