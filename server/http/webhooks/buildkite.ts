import { z } from "zod";
import type { CheckStatus } from "../../domain/statuses";
import type { ApiCall } from "../api";
import { verifyHexHmac, verifySecretToken, webhookToleranceSeconds } from "../signatures";
import type { ApiResult } from "../resources/call";
import { ignored, payloadOf, recordForCommit, runOf } from "./outcomes";
import type { WebhookSource } from "./source";

/** Buildkite's build and job states. */
const buildkiteState: Record<string, CheckStatus> = {
  passed: "passed",
  failed: "failed",
  broken: "failed",
  timed_out: "failed",
  canceled: "cancelled",
  cancelled: "cancelled",
  skipped: "skipped",
  not_run: "skipped",
};

const buildkitePayload = z.object({
  event: z.string(),
  build: z
    .object({
      // Buildkite's own examples elide the build ("...": "..."): nothing to match it by, answered 202.
      id: z.string().optional(),
      number: z.number().int().optional(),
      branch: z.string().nullish(),
      state: z.string().optional(),
      commit: z.string().nullish(),
      web_url: z.string().optional(),
      finished_at: z.string().nullish(),
    })
    .optional(),
  job: z
    .object({
      id: z.string(),
      name: z.string().nullish(),
      label: z.string().nullish(),
      step_key: z.string().nullish(),
      state: z.string().optional(),
      web_url: z.string().optional(),
      finished_at: z.string().nullish(),
    })
    .optional(),
  pipeline: z.object({ name: z.string().optional(), slug: z.string().optional() }).optional(),
});

async function buildkiteCall(call: ApiCall): Promise<ApiResult> {
  const payload = payloadOf(call, buildkitePayload, "Buildkite webhook payload");
  const event = payload.event;
  if (event === "ping") return { status: 200, event, body: { ok: true, message: "Releaseboard is listening" } };
  const build = payload.build;
  const job = event === "job.finished" ? payload.job : undefined;
  if (!build || (event !== "build.finished" && !job))
    return ignored(event, `Event ${event} is not used; only build.finished and job.finished`);
  const state = (job ?? build).state ?? "";
  const status = buildkiteState[state];
  if (!status) return ignored(event, `State ${state || "(none)"} is not recorded`);
  const name = job
    ? (job.name ?? job.label ?? job.step_key ?? "job")
    : (payload.pipeline?.name ?? payload.pipeline?.slug ?? "build");
  const url = (job ?? build).web_url;
  return recordForCommit(
    call,
    // A manual build of HEAD names no commit: matched by its number and branch where a release has that version.
    { sha: build.commit === "HEAD" ? null : build.commit, runNumber: build.number?.toString(), branch: build.branch },
    name,
    status,
    url?.startsWith("https://") ? url : undefined,
    event,
    job ? runOf("buildkite:job", job.id, 1, job.finished_at) : runOf("buildkite:build", build.id, 1, build.finished_at),
  );
}

/**
 * X-Buildkite-Signature: "timestamp=<unix seconds>,signature=<hex HMAC-SHA256 of "<timestamp>.<body>">",
 * within 5 minutes; or else X-Buildkite-Token equal to the secret.
 */
function verifyBuildkite(request: Request, raw: Buffer, secrets: string[], now: Date): string | null {
  const signature = request.headers.get("x-buildkite-signature");
  if (signature) {
    const parts = Object.fromEntries(signature.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
    const timestamp = parts.timestamp ?? "";
    if (!/^\d{1,12}$/.test(timestamp)) return "X-Buildkite-Signature has no timestamp";
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > webhookToleranceSeconds)
      return "X-Buildkite-Signature's timestamp is more than 5 minutes from the server's clock";
    const signed = Buffer.concat([Buffer.from(`${timestamp}.`, "utf8"), raw]);
    return verifyHexHmac(signed, parts.signature ?? "", secrets)
      ? null
      : "X-Buildkite-Signature does not match the body and the project's signing secret";
  }
  const token = request.headers.get("x-buildkite-token");
  if (!token) return "X-Buildkite-Token or X-Buildkite-Signature is missing: use the project's signing secret";
  return verifySecretToken(token, secrets) ? null : "X-Buildkite-Token is not the project's signing secret";
}

/** Buildkite's notification webhooks (README: Connecting CI): build.finished and job.finished. */
export const buildkite: WebhookSource = {
  system: "buildkite",
  title: "Buildkite",
  eventHeader: "x-buildkite-event",
  auth: { sender: { id: "buildkite", name: "Buildkite" }, verify: verifyBuildkite },
  handle: buildkiteCall,
};
