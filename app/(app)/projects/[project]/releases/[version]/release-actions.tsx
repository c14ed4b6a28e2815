"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/trpc/router";
import type { ReleaseDetail } from "@/server/queries/release-detail";
import { can, type Role } from "@/server/domain/permissions";
import { useTRPC } from "@/app/_trpc/client";
import { ScheduleDialog, type ScheduleRequest } from "../../schedule-dialog";
import { ReasonDialog, type ReasonRequest } from "./reason-dialog";
import { SignoffButtons } from "./signoff-buttons";
import { danger, primary, refusal, secondary, type Said } from "./action-kit";

function useActionMutations(project: string, say: (said: Said) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.board.release.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
  };
  const onError = (what: string) => (error: TRPCClientErrorLike<AppRouter>) =>
    say({ tone: "refused", text: refusal(what, error) });
  return {
    move: useMutation(trpc.moves.move.mutationOptions({ onSettled: refresh })),
    abandon: useMutation(trpc.moves.abandon.mutationOptions({ onSettled: refresh, onError: onError("Not abandoned") })),
  };
}

/**
 * What this person may do with the release, by role (asked of `can`, the server checks
 * again): promote, roll back, abandon, schedule for release managers; override for
 * admins; approve or reject for business owners. Each answer is said in a status line.
 */
export function ReleaseActions({
  project,
  detail: d,
  role,
  userId,
}: {
  project: string;
  detail: ReleaseDetail;
  role: Role;
  userId: string;
}) {
  const [said, say] = useState<Said>(null);
  const [asking, ask] = useState<ReasonRequest | null>(null);
  const [scheduling, setScheduling] = useState<ScheduleRequest | null>(null);
  const { move, abandon } = useActionMutations(project, say);
  const busy = move.isPending || abandon.isPending;
  const { version } = d.release;
  const index = d.pipeline.findIndex((e) => e.id === d.release.environmentId);
  const here = d.pipeline[index];
  const next = d.next;
  const nextEnv = next ? d.pipeline.find((e) => e.slug === next.environment) : undefined;
  const active = d.release.state === "active" && here !== undefined;
  const moves = can(role, "release.move");

  const moveTo = (
    to: { slug: string; name: string },
    extra: { reason?: string; override?: boolean; rollback?: boolean },
    back: boolean,
  ) =>
    move.mutate(
      { project, version, from: here?.slug, to: to.slug, ...extra },
      {
        onSuccess: (result) => {
          const further = result.autoPromoted.filter((p) => p.version === version).at(-1);
          const then = further
            ? `, then auto-promoted to ${d.pipeline.find((e) => e.slug === further.to)?.name ?? further.to}`
            : "";
          say({
            tone: "done",
            text: back
              ? `${version} rolled back to ${to.name}; it is held there until promoted or released`
              : `${version} promoted to ${to.name}${then}`,
          });
        },
        onError: (error) =>
          say({ tone: "refused", text: refusal(back ? "Not rolled back" : `Not promoted to ${to.name}`, error) }),
      },
    );

  const actions: React.ReactNode[] = [];
  /** A button that asks for a reason (built when clicked) before it acts. */
  const askButton = (key: string, className: string, request: () => ReasonRequest, label: React.ReactNode) => (
    <button key={key} type="button" className={className} disabled={busy} onClick={() => ask(request())}>
      {label}
    </button>
  );
  if (moves && active && next && nextEnv && !d.olderThan) {
    const to = { slug: next.environment, name: next.environmentName };
    if (next.allMet || !can(role, "release.override")) {
      actions.push(
        <button
          key="promote"
          type="button"
          className={primary}
          disabled={busy || !next.allMet}
          aria-describedby="gates-heading"
          onClick={() => moveTo(to, {}, false)}
        >
          {move.isPending ? "Moving…" : `Promote to ${next.environmentName}`}
        </button>,
      );
    } else {
      actions.push(
        askButton(
          "override",
          primary,
          () => ({
            title: `Override gates for ${version} → ${next.environmentName}`,
            explanation: `These gates do not hold and will be recorded as overridden: ${next.items
              .filter((i) => !i.met)
              .map((i) => i.reason)
              .join("; ")}.`,
            label: "Justification",
            confirm: "Override and promote",
            onConfirm: (reason) => moveTo(to, { reason, override: true }, false),
          }),
          <>Promote to {next.environmentName} past gates…</>,
        ),
      );
    }
    if (!d.schedule) {
      actions.push(
        <button
          key="schedule"
          type="button"
          className={secondary}
          disabled={busy}
          onClick={() =>
            setScheduling({
              version,
              from: here.slug,
              to: next.environment,
              toName: next.environmentName,
              freezeEndsAt: next.items.find((i) => i.gate === "freeze" && !i.met)?.clearsAt ?? null,
            })
          }
        >
          Schedule…
        </button>,
      );
    }
  }
  /** A rollback button (asking for the reason); the three rollbacks differ in title, explanation and target. */
  const rollbackButton = (
    key: string,
    title: string,
    explanation: string,
    onConfirm: ReasonRequest["onConfirm"],
    label: React.ReactNode,
    choices?: ReasonRequest["choices"],
  ) =>
    askButton(
      key,
      secondary,
      () => ({ title, explanation, label: "Reason for the rollback", confirm: "Roll back", choices, onConfirm }),
      label,
    );
  if (moves && active && next && d.olderThan) {
    actions.push(
      rollbackButton(
        "forward-rollback",
        `Roll ${next.environmentName} back to ${version}`,
        `${next.environmentName} has ${d.olderThan.version}; it goes back to ${version}, held there.`,
        (reason) => moveTo({ slug: next.environment, name: next.environmentName }, { reason, rollback: true }, true),
        <>
          Roll {next.environmentName} back to {version}…
        </>,
      ),
    );
  }
  if (moves && active && index > 0) {
    const earlier = d.pipeline.slice(0, index).reverse();
    actions.push(
      rollbackButton(
        "rollback",
        `Roll back ${version}`,
        `It leaves ${here.name} and is held where it lands until someone promotes it or releases the hold.`,
        (reason, choice) => moveTo(earlier.find((e) => e.slug === choice) ?? earlier[0]!, { reason }, true),
        "Roll back…",
        earlier,
      ),
    );
  }
  if (moves && d.release.state === "superseded" && here) {
    const env = here;
    actions.push(
      rollbackButton(
        "redeploy",
        `Roll ${here.name} back to ${version}`,
        `${here.name} goes back to ${version}, and it is held there.`,
        (reason) => moveTo(env, { reason }, true),
        <>
          Roll {here.name} back to {version}…
        </>,
      ),
    );
  }
  if (can(role, "signoff") && active && next && nextEnv && nextEnv.requiredSignoffs > 0 && !d.olderThan) {
    actions.push(
      <SignoffButtons key="signoff" project={project} detail={d} userId={userId} busy={busy} say={say} ask={ask} />,
    );
  }
  if (can(role, "release.abandon") && active) {
    actions.push(
      askButton(
        "abandon",
        danger,
        () => ({
          title: `Abandon ${version}`,
          explanation: "It leaves the board for good; its history stays.",
          label: "Reason",
          confirm: "Abandon release",
          danger: true,
          onConfirm: (reason) =>
            abandon.mutate(
              { project, version, from: here.slug, reason },
              { onSuccess: () => say({ tone: "done", text: `${version} abandoned` }) },
            ),
        }),
        "Abandon…",
      ),
    );
  }

  return (
    <>
      {actions.length > 0 && (
        <div role="group" aria-label="Actions" className="mt-4 flex flex-wrap gap-2">
          {actions}
        </div>
      )}
      <p
        role="status"
        className={
          said?.tone === "done" ? "mt-2 text-sm font-medium text-success-800 dark:text-success-300" : "sr-only"
        }
      >
        {said?.tone === "done" ? said.text : ""}
      </p>
      {said?.tone === "refused" && (
        <p
          role="alert"
          className="mt-2 rounded-md bg-danger-50 px-3 py-2 text-sm text-danger-900 dark:bg-danger-950 dark:text-danger-100"
        >
          {said.text}
        </p>
      )}
      <ReasonDialog request={asking} onClose={() => ask(null)} />
      <ScheduleDialog project={project} request={scheduling} onClose={() => setScheduling(null)} />
    </>
  );
}
