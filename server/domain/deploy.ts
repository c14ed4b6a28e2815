import { deployTargetParts, type DeployTargetKind, type DeployTargetSpec } from "./deploy-targets";

export { deployTokenPrefix, hostOnlyUrl } from "./deploy-targets/common";
export { deployTargetKinds, deployTargetSchema, type DeployTargetKind, type DeployTargetSpec } from "./deploy-targets";

/** Which kind a target is (`webhook`, `argoCd`, …): the one key it has. */
export function deployTargetKind(target: DeployTargetSpec): DeployTargetKind {
  return deployTargetParts(target).kind;
}

/** Where a deploy target sends to, in words (the audit log, read by everyone: a URL's host only). */
export function describeDeployTarget(target: DeployTargetSpec): string {
  const { module, spec } = deployTargetParts(target);
  return module.describe(spec);
}

/** A target as people who may not edit the pipeline see it: URLs, which may carry secrets, cut to their host. */
export function redactDeployTarget(target: DeployTargetSpec): DeployTargetSpec {
  const { kind, module, spec } = deployTargetParts(target);
  return (module.redact ? { [kind]: module.redact(spec) } : target) as DeployTargetSpec;
}

export const defaultDeployTimeoutMinutes = 60;

export const deploymentReportStatuses = ["queued", "in_progress", "succeeded", "failed", "cancelled"] as const;
export type DeploymentReportStatus = (typeof deploymentReportStatuses)[number];
export type DeploymentStatusName = "requested" | DeploymentReportStatus;

/** The latest deploy of a release into one environment, as the rules read it. */
export type DeploymentFact = {
  environmentId: number;
  status: DeploymentStatusName;
  requestedAt: Date;
  statusAt: Date;
  succeededAt: Date | null;
  url: string | null;
  description: string | null;
};

export type DeployPhase = "deploying" | "deployed" | "failed" | "cancelled" | "overdue";

export type DeployState = {
  phase: DeployPhase;
  /** For the card: "Deploying…", "Deployed", "Deploy failed", … */
  label: string;
  /** When the deploy was asked for: the card's elapsed time counts from here. */
  since: Date;
  url: string | null;
  description: string | null;
};

const labels: Record<DeployPhase, string> = {
  deploying: "Deploying…",
  deployed: "Deployed",
  failed: "Deploy failed",
  cancelled: "Deploy cancelled",
  overdue: "No deploy report",
};

/**
 * What the card says about a deploy. A deploy without a report for `timeoutMinutes` is
 * "overdue": nothing is decided for the user, the card just says that nobody answered.
 */
export function deployState(fact: DeploymentFact, timeoutMinutes: number | null, now: Date): DeployState {
  const limit = (timeoutMinutes ?? defaultDeployTimeoutMinutes) * 60_000;
  const phase: DeployPhase =
    fact.status === "succeeded"
      ? "deployed"
      : fact.status === "failed"
        ? "failed"
        : fact.status === "cancelled"
          ? "cancelled"
          : now.getTime() - fact.statusAt.getTime() >= limit
            ? "overdue"
            : "deploying";
  const label =
    phase === "overdue" ? `${labels.overdue} in ${timeoutMinutes ?? defaultDeployTimeoutMinutes} min` : labels[phase];
  return { phase, label, since: fact.requestedAt, url: fact.url, description: fact.description };
}

/**
 * GitHub's deployment_status states (REST "Create a deployment status") in our terms;
 * null for `inactive`, which GitHub sets on older deployments and which says nothing
 * about this one.
 */
export function fromGitHubDeploymentState(state: string): DeploymentReportStatus | null {
  switch (state) {
    case "success":
      return "succeeded";
    case "failure":
    case "error":
      return "failed";
    case "in_progress":
      return "in_progress";
    case "queued":
    case "pending":
    case "waiting":
      return "queued";
    default:
      return null;
  }
}

/** GitLab deployment events' `status` in our terms; null for states we do not record. */
export function fromGitLabDeploymentStatus(status: string): DeploymentReportStatus | null {
  switch (status) {
    case "success":
      return "succeeded";
    case "failed":
      return "failed";
    case "canceled":
      return "cancelled";
    case "running":
      return "in_progress";
    case "created":
      return "queued";
    default:
      return null;
  }
}

/**
 * The delay before retry number `attempt` (1 = the first retry): exponential backoff
 * with full jitter (a uniform draw below the cap), starting at 1 s so the first retry
 * comes within 2 s, capped at an hour; a receiver's Retry-After is a floor, itself
 * capped so one bad header cannot park a message for a day.
 */
export function retryDelayMs(attempt: number, random: number, retryAfterMs: number | null): number {
  const ceiling = Math.min(60 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random * ceiling);
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, 60 * 60_000));
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null if absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** Which HTTP answers are worth trying again: timeouts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export const outboundRetryWindowMs = 24 * 60 * 60_000;
