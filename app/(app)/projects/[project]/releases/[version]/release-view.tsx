"use client";

import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { DetailSection } from "./detail-section";
import { ErrorState, Skeleton } from "@/app/_components/states";
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
  if (detail.isPending) return <Skeleton className="h-64" />;
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
    <div className="min-w-0 max-w-7xl">
      <p className="text-sm">
        <Link
          href={`/projects/${project}`}
          className="inline-flex items-center gap-1 text-indigo-700 hover:underline dark:text-indigo-300"
        >
          <ArrowLeft aria-hidden className="h-4 w-4" />
          {d.project.name}
        </Link>
      </p>
      <h1 className="mt-1 font-mono text-2xl font-semibold">{d.release.version}</h1>
      {d.live && (
        <p className="mt-1 text-sm">
          <Link
            href={`/projects/${project}/compare/${encodeURIComponent(d.live.version)}...${encodeURIComponent(d.release.version)}`}
            className="text-indigo-700 hover:underline dark:text-indigo-300"
          >
            Compare with live ({d.live.version})
          </Link>
        </p>
      )}
      <p className="mt-1 text-sm">
        <Link
          href={`/projects/${project}/releases/${encodeURIComponent(d.release.version)}/evidence`}
          className="text-indigo-700 hover:underline dark:text-indigo-300"
        >
          Go-live evidence
        </Link>
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
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
      {d.next && (
        <GatesPanel
          target={d.next.environmentName}
          items={d.next.items}
          allMet={d.next.allMet}
          names={d.pipeline.map((e) => e.name)}
        />
      )}
      <ReleaseNotices project={project} version={d.release.version} status={d} canMove={can(role, "release.move")} />
      <ReleaseActions project={project} detail={d} role={role} userId={userId} />
      <ChecksMatrix checks={d.checks} pipeline={d.pipeline} />
      <Deployments deployments={d.deployments} />

      {/* From xl up the history and what the release is (failing tests, changes, notes) sit side by side. */}
      <div className="xl:grid xl:grid-cols-2 xl:gap-8">
        <div className="min-w-0">
          <DetailSection id="timeline" title="Timeline">
            <ol className="mt-2 space-y-2 border-l border-slate-300 pl-4 dark:border-slate-700">
              {timeline.map((e) => (
                <li key={e.key} className="text-sm">
                  <span>{e.text}</span>{" "}
                  <span className="text-slate-500">
                    <RelativeTime date={e.at} suffix />
                  </span>
                  {e.note && <p className="text-xs text-slate-600 dark:text-slate-400">{e.note}</p>}
                  {e.cases && (
                    <details className="mt-1">
                      <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">
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

          {d.changes.length > 0 && (
            <DetailSection id="changes" title="Changes">
              <ul className="mt-2 list-disc pl-5 text-sm">
                {d.changes.map((c) => (
                  <li key={c.position}>
                    <span className="font-mono">{c.ref}</span> {c.title}
                    {c.author ? <span className="text-slate-500"> — {c.author}</span> : null}
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
    </div>
  );
}
