"use client";

import { Table } from "@/app/_components/ui/table";
import { useCursorPages } from "@/app/_components/cursor-pager";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { deployTargetKinds, type DeployTargetSpec } from "@/server/domain/deploy-targets";
import { describeDeployTarget } from "@/server/domain/deploy";
import { RelativeTime } from "@/app/_components/relative-time";
import { LogList, LoggedBody, SendAgainButton } from "./log-list";
import { SettingsSection } from "./settings-section";

const stateStyle = {
  delivered: "text-success-700 dark:text-success-400",
  pending: "text-info-700 dark:text-info-400",
  failed: "text-danger-700 dark:text-danger-400",
} as const;

function targetOf(target: Record<string, unknown>): string {
  const [kind, spec] = Object.entries(target)[0] ?? ["?", {}];
  const s = spec as Record<string, string>;
  if (kind === "webhook") return s.url ?? "";
  if (kind === "githubWorkflow") return `GitHub ${s.repository} ${s.workflow}@${s.ref}`;
  if (kind === "gitlabPipeline") return `GitLab ${s.project}@${s.ref}`;
  if (Object.hasOwn(deployTargetKinds, kind)) return describeDeployTarget({ [kind]: s } as DeployTargetSpec);
  if (kind === "email") return s.to ?? "";
  // A chat webhook's path is its secret: show the host only.
  if (kind === "chat") return s.url ? `chat ${new URL(s.url).host}` : "chat";
  return kind;
}

/** Send again for a delivered message: it says it was delivered, and asks before sending a second copy. */
function ConfirmResend(props: { deliveredAt: Date | null; pending: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <SendAgainButton pending={props.pending} onClick={() => setAsking(true)} />;
  return (
    // A question in place, not a modal: the row it asks about stays in view and in reach.
    // eslint-disable-next-line design/tokens-and-components -- inline, non-modal confirmation (no Dialog)
    <div role="alertdialog" aria-label="Send a delivered message again?" className="mt-2 text-sm">
      <p>
        This was delivered
        {props.deliveredAt ? (
          <>
            {" "}
            <RelativeTime date={props.deliveredAt} suffix />
          </>
        ) : null}
        . Sending it again delivers a second copy (an e-mail lands in the inbox twice).
      </p>
      <button
        type="button"
        className="mt-1 mr-3 text-accent-700 underline dark:text-accent-300"
        disabled={props.pending}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Send a second copy
      </button>
      <button type="button" className="mt-1 underline" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}

/**
 * The outbound section of the delivery log: every deploy request (and, later, notification)
 * with each attempt, and Send again. Refreshes itself while something is still pending.
 */
export function OutboundLog({ project }: { project: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { cursor, pager } = useCursorPages();
  const page = useQuery({
    ...trpc.settings.outbound.queryOptions({ project, cursor }),
    refetchInterval: (query) => (query.state.data?.items.some((m) => m.state === "pending") ? 2000 : false),
  });
  const [secretShown, setSecretShown] = useState(false);
  const secret = useQuery({ ...trpc.settings.outboundSecret.queryOptions({ project }), enabled: secretShown });
  const again = useMutation(
    trpc.settings.sendOutboundAgain.mutationOptions({
      onSuccess: () => {
        toast.success("Queued to be sent again");
        void queryClient.invalidateQueries({ queryKey: trpc.settings.outbound.pathKey() });
      },
      onError: (error) => toast.error("Could not send it again", { description: error.message }),
    }),
  );
  return (
    <SettingsSection id="outbound" title="Outbound deliveries">
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        The outbound section of the delivery log: deploy requests this project sent, each signed with its outbound
        secret (
        {secretShown ? (
          <code className="break-all font-mono">{secret.data ?? "none yet"}</code>
        ) : (
          <button type="button" className="underline" onClick={() => setSecretShown(true)}>
            show
          </button>
        )}
        {/* A command wraps between its words, never inside an option ("-" / "-project"). */};{" "}
        <code className="[&>span]:whitespace-nowrap">
          <span>npx releaseboard</span> <span>secret rotate</span> <span>--project {project}</span>{" "}
          <span>--outbound</span>
        </code>{" "}
        rotates it).
      </p>
      <LogList
        page={page}
        skeleton="mt-3 h-24"
        empty={
          <>
            Nothing sent yet. Give an environment a deploy target in the pipeline; entering it then sends a deploy
            request.
          </>
        }
        pager={pager}
        render={(m) => (
          <>
            <summary className="cursor-pointer">
              <span className={stateStyle[m.state]}>{m.state}</span> {m.kind} → {targetOf(m.target)} ·{" "}
              {m.attempts.length} attempt{m.attempts.length === 1 ? "" : "s"} ·{" "}
              <RelativeTime date={m.createdAt} suffix />
              {m.lastError && m.state !== "delivered" ? (
                <span className="block text-xs text-ink-600 dark:text-ink-400">{m.lastError}</span>
              ) : null}
            </summary>
            <p className="mt-1 font-mono text-xs">webhook-id {m.messageId}</p>
            {m.nextAttemptAt && (
              <p className="text-xs">
                Next attempt <RelativeTime date={m.nextAttemptAt} suffix />
              </p>
            )}
            {m.state === "delivered" ? (
              <ConfirmResend
                deliveredAt={m.deliveredAt}
                pending={again.isPending}
                onConfirm={() => again.mutate({ project, id: m.id, confirmDelivered: true })}
              />
            ) : (
              <SendAgainButton pending={again.isPending} onClick={() => again.mutate({ project, id: m.id })} />
            )}
            <Table className="mt-2 w-full text-left text-xs">
              <caption className="sr-only">Attempts</caption>
              <thead>
                <tr>
                  <th className="pr-2">#</th>
                  <th className="pr-2">when</th>
                  <th className="pr-2">answer</th>
                  <th className="pr-2">took</th>
                  <th>response or error</th>
                </tr>
              </thead>
              <tbody>
                {m.attempts.map((a) => (
                  <tr key={a.id} className="align-top">
                    <td className="pr-2">{a.attempt}</td>
                    <td className="pr-2">
                      <RelativeTime date={a.createdAt} suffix />
                    </td>
                    <td className="pr-2">
                      {a.statusCode ?? "none"} ({a.outcome})
                    </td>
                    <td className="pr-2">{a.durationMs} ms</td>
                    <td className="break-all font-mono">{a.error ?? a.responseExcerpt}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <LoggedBody label="Event body">{m.payload}</LoggedBody>
          </>
        )}
      />
    </SettingsSection>
  );
}
