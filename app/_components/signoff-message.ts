/**
 * What a sign-off did, in one line for the status message after Approve or Reject:
 * "2.11.0 approved — 2 of 2, now live in Production", "2.11.0 approved — 1 of 2 sign-offs".
 * Pure, so the inbox and the release page say it the same way.
 */
export function signoffMessage(o: {
  version: string;
  decision: "approve" | "reject";
  /** Approvals for the environment once this decision counts. */
  approvals: number;
  required: number;
  environmentName: string;
  /** Whether the environment is the pipeline's last: "live" rather than "in". */
  last: boolean;
  /** Whether this decision sent the release into the environment. */
  promoted: boolean;
  /** Why it did not move although every sign-off is in (a freeze, a failing check…). */
  waitingFor?: string | null;
}): string {
  if (o.decision === "reject")
    return `${o.version} rejected for ${o.environmentName}; the release manager sees your comment`;
  const tally = `${o.approvals} of ${o.required}`;
  if (o.promoted) return `${o.version} approved — ${tally}, now ${o.last ? "live in" : "in"} ${o.environmentName}`;
  if (o.approvals < o.required) return `${o.version} approved — ${tally} sign-offs`;
  return `${o.version} approved — ${tally} sign-offs${o.waitingFor ? `; still waiting: ${o.waitingFor}` : ""}`;
}
