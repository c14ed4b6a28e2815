import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { ApiCall } from "../api";
import { verifyHexHmac } from "../signatures";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

/** Bitbucket's commit status states. */
const bitbucketState: Record<string, CheckStatus> = {
  SUCCESSFUL: "passed",
  FAILED: "failed",
  INPROGRESS: "running",
  STOPPED: "cancelled",
};

const bitbucketPayload = z.object({
  commit_status: z.object({
    key: z.string(),
    name: z.string().nullish(),
    state: z.string(),
    url: z.string().nullish(),
    updated_on: z.string().nullish(),
    created_on: z.string().nullish(),
    commit: z.object({ hash: z.string() }).optional(),
    links: z.object({ commit: z.object({ href: z.string() }).optional() }).optional(),
  }),
});

const events = ["repo:commit_status_created", "repo:commit_status_updated"];

async function bitbucketCall(call: ApiCall): Promise<ApiResult> {
  const event = call.event ?? "";
  if (!events.includes(event)) return ignored(event, `Event ${event || "(none)"} is not used`);
  const { commit_status: status } = payloadOf(call, bitbucketPayload, `Bitbucket ${event} payload`);
  const checkStatus = bitbucketState[status.state];
  if (!checkStatus) return ignored(event, `State ${status.state} is not recorded`);
  // The commit is named in `commit.hash`, or at the end of the commit link.
  const sha = status.commit?.hash ?? /\/commit\/([0-9a-f]{7,40})$/i.exec(status.links?.commit?.href ?? "")?.[1];
  return recordForCommit(
    call,
    sha,
    status.name || status.key,
    checkStatus,
    status.url?.startsWith("https://") ? status.url : undefined,
    event,
    runOf(`bitbucket:status:${sha ?? "-"}`, status.key, 1, status.updated_on ?? status.created_on),
  );
}

/** Bitbucket Cloud's repository webhook (README: Connecting CI): commit statuses created and updated. */
export const bitbucket: WebhookSource = {
  system: "bitbucket",
  title: "Bitbucket",
  eventHeader: "x-event-key",
  auth: {
    sender: { id: "bitbucket", name: "Bitbucket" },
    deliveryHeader: "x-request-uuid",
    verify: (request, raw, secrets) => {
      const header = request.headers.get("x-hub-signature");
      if (!header) return "X-Hub-Signature is missing: set the webhook's secret to the project's signing secret";
      return header.startsWith("sha256=") && verifyHexHmac(raw, header.slice(7), secrets)
        ? null
        : "X-Hub-Signature does not match the body and the project's signing secret";
    },
  },
  handle: bitbucketCall,
};
