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
  const timeline = [
    ...d.transitions.map((t) => ({
      at: t.createdAt,
      key: `t${t.id}`,
      text:
        t.kind === "create"
          ? `Created in ${t.toName} by ${t.actorName}`
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
    })),
    ...d.signoffs.map((s) => ({
      at: s.createdAt,
      key: `s${s.id}`,
      text: `${s.actorName}${s.actorEmail ? ` <${s.actorEmail}>` : ""} ${s.decision === "approve" ? "approved" : "rejected"} for ${s.environmentName}`,
      note: s.comment ?? "",
    })),
    ...d.events.map((e) => ({ at: e.createdAt, key: `e${e.id}`, text: e.summary, note: "" })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
  const failing = d.results.filter((r) => r.failingCases.length > 0);

  return (
    <div className="min-w-0 max-w-5xl">
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

      <DetailSection id="timeline" title="Timeline">
        <ol className="mt-2 space-y-2 border-l border-slate-300 pl-4 dark:border-slate-700">
          {timeline.map((e) => (
            <li key={e.key} className="text-sm">
              <span>{e.text}</span>{" "}
              <span className="text-slate-500">
                <RelativeTime date={e.at} suffix />
              </span>
              {e.note && <p className="text-xs text-slate-600 dark:text-slate-400">{e.note}</p>}
            </li>
          ))}
        </ol>
      </DetailSection>

      {failing.length > 0 && (
        <DetailSection id="failing" title="Failing tests">
          {failing.map((r) => (
            <div key={r.id} className="mt-2">
              <h3 className="text-sm font-medium">
                {r.checkName} in {r.environmentName}
              </h3>
              <ul className="mt-1 space-y-1 text-xs">
                {r.failingCases.map((c) => (
                  <li key={c.id} className="rounded bg-red-50 p-2 dark:bg-red-950">
                    <span className="font-mono">
                      {c.className ? `${c.className} › ` : ""}
                      {c.name}
                    </span>
                    {c.message && <p className="text-red-800 dark:text-red-200">{c.message}</p>}
                  </li>
                ))}
              </ul>
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
  );
}
