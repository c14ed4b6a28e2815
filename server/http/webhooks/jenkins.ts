import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { ApiCall } from "../api";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

/** Jenkins build results. */
const jenkinsStatus: Record<string, CheckStatus> = {
  SUCCESS: "passed",
  FAILURE: "failed",
  UNSTABLE: "failed",
  ABORTED: "cancelled",
  NOT_BUILT: "skipped",
};

/** The phases of one build, in the order the plugin sends them: each later one is newer. */
const phaseRank: Record<string, number> = { QUEUED: 0, STARTED: 1, COMPLETED: 2, FINALIZED: 3 };

const jenkinsPayload = z.object({
  name: z.string(),
  build: z.object({
    full_url: z.string().optional(),
    number: z.number().int(),
    phase: z.string(),
    status: z.string().nullish(),
    scm: z.object({ commit: z.string().nullish() }).optional(),
  }),
});

async function jenkinsCall(call: ApiCall): Promise<ApiResult> {
  const { name, build } = payloadOf(call, jenkinsPayload, "Jenkins Notification plugin payload");
  const event = `job ${build.phase.toLowerCase()}`;
  const rank = phaseRank[build.phase];
  if (rank === undefined || rank === 0) return ignored(event, `Phase ${build.phase} is not used`);
  const status = rank === 1 ? "running" : jenkinsStatus[build.status ?? ""];
  if (!status) return ignored(event, `Status ${build.status ?? "(none)"} is not recorded`);
  return recordForCommit(
    call,
    build.scm?.commit,
    name,
    status,
    build.full_url?.startsWith("https://") ? build.full_url : undefined,
    event,
    runOf("jenkins:build", `${name}#${build.number}`, rank, null),
  );
}

/** Jenkins' Notification plugin, JSON over HTTP (README: Connecting CI); it cannot sign, so HTTP Basic with a token. */
export const jenkins: WebhookSource = {
  system: "jenkins",
  title: "Jenkins",
  auth: { basicToken: true },
  handle: jenkinsCall,
};
