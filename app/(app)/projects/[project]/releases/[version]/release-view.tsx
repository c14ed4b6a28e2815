"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { DetailSection } from "./detail-section";
import { ErrorState } from "@/app/_components/states";
import { PageColumns, PageHeader } from "@/app/_components/ui/page-shell";
import { ReleaseSkeleton } from "./release-skeleton";
import { ReleaseNotes } from "@/app/_components/release-notes";
import type { Role } from "@/server/domain/permissions";
import { can } from "@/server/domain/permissions";
import { useLiveUpdates } from "../../use-live-updates";
import { ReleaseNotices } from "../../release-status";
import { GatesPanel } from "./gates-panel";
import { ReleaseActions } from "./release-actions";
import { ChecksMatrix } from "./checks-matrix";
import { Deployments } from "./deployments";
import { FailingCases, splitFailures } from "./failing-cases";

const kindLabel: Record<string, string> = {
  create: "Created",
  promote: "Promoted",
  "auto-promote": "Auto-promoted",
  rollback: "Rolled back",
  supersede: "Superseded",
  abandon: "Abandoned",
};

export function ReleaseView({
  project,
  version,
  role,
  userId,
}: {
  project: string;
  version: string;
  role: Role;
  userId: string;
}) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.board.release.queryOptions({ project, version }));
  useLiveUpdates(project);
  if (detail.isPending) return <ReleaseSkeleton />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => detail.refetch()} />;
  const d = detail.data;
  const failures = splitFailures(d.results);
  const timeline: {
    at: Date;
    key: string;
    text: string;
    note: string;
    cases?: (typeof d.results)[number]["failingCases"];
  }[] = [
    ...d.transitions.map((t) => ({
      at: t.createdAt,
      key: `t${t.id}`,
      text:
        t.kind === "create"
          ? `Created in ${t.toName} by ${t.actorName}`
          : t.kind === "rollback" && t.fromEnvironmentId === t.toEnvironmentId
            ? `Redeployed to ${t.toName} (a rollback) by ${t.actorName}`
            : `${kindLabel[t.kind]} ${t.toName ? `from ${t.fromName} to ${t.toName}` : `in ${t.fromName}`} by ${t.actorName}`,
      note: [t.reason, t.overriddenGates.length ? `overrode: ${t.overriddenGates.join(", ")}` : ""]
        .filter(Boolean)
        .join(" · "),
    })),
    ...d.results.map((r) => ({
      at: r.createdAt,
      key: `r${r.id}`,
      text: `Check ${r.checkName} ${r.status} in ${r.environmentName}`,
      note: r.summary ?? "",
      // A later run of the same check replaced this one: its failures are history, shown here.
      cases: failures.earlier.has(r.id) ? r.failingCases : undefined,
    })),
    ...d.signoffs.map((s) => ({
      at: s.createdAt,
      key: `s${s.id}`,
      text: `${s.actorName}${s.actorEmail ? ` <${s.actorEmail}>` : ""} ${s.decision === "approve" ? "approved" : "rejected"} for ${s.environmentName}`,
      note: s.comment ?? "",
    })),
    ...d.events.map((e) => ({ at: e.createdAt, key: `e${e.id}`, text: e.summary, note: "" })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());

  return (
    <div className="min-w-0">
      <PageHeader
        className="mb-0"
        back={{ href: `/projects/${project}`, label: d.project.name }}
        title={<span className="font-mono">{d.release.version}</span>}
      />
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {d.live && (
          <Link
            href={`/projects/${project}/compare/${encodeURIComponent(d.live.version)}...${encodeURIComponent(d.release.version)}`}
            className="text-accent-700 hover:underline dark:text-accent-300"
          >
            Compare with live ({d.live.version})
          </Link>
        )}
        <Link
          href={`/projects/${project}/releases/${encodeURIComponent(d.release.version)}/evidence`}
          className="text-accent-700 hover:underline dark:text-accent-300"
        >
          Go-live evidence
        </Link>
      </p>
      <p className="mt-1 text-sm text-ink-600 tabular-nums dark:text-ink-400">
        {d.release.state === "active"
          ? `In ${d.release.environmentName}`
          : `${d.release.state} in ${d.release.environmentName}`}
        {d.release.commitSha && (
          <>
            {" "}
            · commit <span className="font-mono">{d.release.commitSha.slice(0, 12)}</span>
          </>
        )}
        {d.release.branch && ` · ${d.release.branch}`}
        {d.release.url && (
          <>
            {" "}
            ·{" "}
            <a className="underline" href={d.release.url} rel="noreferrer noopener" target="_blank">
              build
            </a>
          </>
        )}
      </p>
      {/* From xl (1280) up, two columns: where it can go (gates, actions, deploys) on the side, what it is
          (checks, failures, timeline, changes, notes) in the main column. On narrower screens the side comes first. */}
      <PageColumns
        className="mt-2"
        sideFirst
        stickySide
        side={
          <>
            {d.next && (
              <GatesPanel
                target={d.next.environmentName}
                items={d.next.items}
                allMet={d.next.allMet}
                names={d.pipeline.map((e) => e.name)}
              />
            )}
            <ReleaseNotices
              project={project}
              version={d.release.version}
              status={d}
              canMove={can(role, "release.move")}
            />
            <ReleaseActions project={project} detail={d} role={role} userId={userId} />
            <Deployments deployments={d.deployments} />
          </>
        }
      >
        <div className="min-w-0">
          <ChecksMatrix checks={d.checks} pipeline={d.pipeline} />
          {failures.current.length > 0 && (
            <DetailSection id="failing" title="Failing tests">
              {failures.current.map((r) => (
                <div key={r.id} className="mt-2">
                  <h3 className="text-sm font-medium">
                    {r.checkName} in {r.environmentName}
                  </h3>
                  <FailingCases cases={r.failingCases} />
                </div>
              ))}
            </DetailSection>
          )}
          <div className="min-w-0">
            <DetailSection id="timeline" title="Timeline">
              <ol className="mt-2 space-y-2 border-l border-ink-300 pl-4 dark:border-ink-700">
                {timeline.map((e) => (
                  <li key={e.key} className="text-sm">
                    <span>{e.text}</span>{" "}
                    <span className="text-ink-500">
                      <RelativeTime date={e.at} suffix />
                    </span>
                    {e.note && <p className="text-xs text-ink-600 dark:text-ink-400">{e.note}</p>}
                    {e.cases && (
                      <details className="mt-1">
                        <summary className="cursor-pointer text-xs text-ink-600 dark:text-ink-400">
                          {e.cases.length} failing test{e.cases.length === 1 ? "" : "s"} in this run
                        </summary>
                        <FailingCases cases={e.cases} />
                      </details>
                    )}
                  </li>
                ))}
              </ol>
            </DetailSection>
          </div>
          <div className="min-w-0">
            {d.changes.length > 0 && (
              <DetailSection id="changes" title="Changes">
                <ul className="mt-2 list-disc pl-5 text-sm">
                  {d.changes.map((c) => (
                    <li key={c.position}>
                      <span className="font-mono">{c.ref}</span> {c.title}
                      {c.author ? <span className="text-ink-500"> — {c.author}</span> : null}
                    </li>
                  ))}
                </ul>
              </DetailSection>
            )}

            {d.release.notesHtml && (
              <DetailSection id="notes" title="Notes">
                <ReleaseNotes html={d.release.notesHtml} className="mt-2 text-sm" />
              </DetailSection>
            )}
          </div>
        </div>
      </PageColumns>
    </div>
  );
}
