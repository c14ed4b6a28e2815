"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReleaseDetail } from "@/server/queries/release-detail";
import { signoffTally } from "@/server/domain/gates";
import { useTRPC } from "@/app/_trpc/client";
import { signoffMessage } from "@/app/_components/signoff-message";
import { approve, danger, refusal, type Said } from "./action-kit";
import type { ReasonRequest } from "./reason-dialog";

/**
 * Approve and Reject for business owners (and admins), each offered unless it is already
 * this person's latest decision; the status line says where the sign-offs stand.
 */
export function SignoffButtons({
  project,
  detail: d,
  userId,
  busy: othersBusy,
  say,
  ask,
}: {
  project: string;
  detail: ReleaseDetail;
  userId: string;
  busy: boolean;
  say: (said: Said) => void;
  ask: (request: ReasonRequest) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOff = useMutation(
    trpc.moves.signOff.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.board.release.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
      },
      onError: (error) => say({ tone: "refused", text: refusal("Not recorded", error) }),
    }),
  );
  const busy = othersBusy || signOff.isPending;
  const { version } = d.release;
  const next = d.next;
  const nextEnv = next ? d.pipeline.find((e) => e.slug === next.environment) : undefined;
  if (!next || !nextEnv) return null;
  const mine = signoffTally(d.signoffs, nextEnv.id);
  const myDecision = [...mine.approvals, ...mine.rejections].find((s) => s.actorId === userId)?.decision;
  const decide = (decision: "approve" | "reject", comment: string) => {
    const others = mine.approvals.filter((s) => s.actorId !== userId).length;
    signOff.mutate(
      { project, version, environment: next.environment, decision, comment: comment || undefined },
      {
        onSuccess: (result) =>
          say({
            tone: "done",
            text: signoffMessage({
              version,
              decision,
              approvals: others + (decision === "approve" ? 1 : 0),
              required: nextEnv.requiredSignoffs,
              environmentName: nextEnv.name,
              last: nextEnv.id === d.pipeline.at(-1)?.id,
              promoted: result.autoPromoted.some((p) => p.version === version && p.to === next.environment),
              waitingFor: next.items.find((g) => !g.met && g.gate !== "signoffs")?.reason,
            }),
          }),
      },
    );
  };

  return (
    <>
      {myDecision !== "approve" && (
        <button type="button" className={approve} disabled={busy} onClick={() => decide("approve", "")}>
          {signOff.isPending ? (
            "Recording…"
          ) : (
            <>
              Approve for <bdi>{next.environmentName}</bdi>
            </>
          )}
        </button>
      )}
      {myDecision !== "reject" && (
        <button
          type="button"
          className={danger}
          disabled={busy}
          onClick={() =>
            ask({
              title: `Reject ${version} for ${next.environmentName}`,
              label: "Why (the release manager sees this)",
              confirm: "Reject",
              danger: true,
              onConfirm: (comment) => decide("reject", comment),
            })
          }
        >
          Reject…
        </button>
      )}
    </>
  );
}
