"use client";

import type { ReleaseDetail } from "@/server/queries/release-detail";
import { RelativeTime } from "@/app/_components/relative-time";
import { DetailSection } from "./detail-section";

const statusLabel: Record<string, string> = {
  requested: "Requested",
  queued: "Queued",
  in_progress: "Deploying",
  succeeded: "Deployed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The latest deploy of this release into each environment, from the deploy system's reports. */
export function Deployments({ deployments }: { deployments: ReleaseDetail["deployments"] }) {
  if (deployments.length === 0) return null;
  return (
    <DetailSection id="deployments-heading" title="Deployments">
      <ul className="mt-2 space-y-1 text-sm">
        {deployments.map((d) => (
          <li key={d.id}>
            <span className="font-medium">{d.environmentName ?? "Removed environment"}</span>:{" "}
            {statusLabel[d.status] ?? d.status}{" "}
            <span className="text-ink-600 dark:text-ink-400">
              (<RelativeTime date={d.statusAt} suffix />)
            </span>
            {d.url && (
              <>
                {" "}
                ·{" "}
                <a
                  href={d.url}
                  target="_blank"
                  rel="noreferrer noopener"
                  className="text-accent-700 underline dark:text-accent-300"
                >
                  log
                </a>
              </>
            )}
            {d.description && <p className="text-xs text-ink-600 dark:text-ink-400">{d.description}</p>}
          </li>
        ))}
      </ul>
    </DetailSection>
  );
}
