"use client";

import { Button } from "@/app/_components/ui/button";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import type { CardDeploy } from "@/server/queries/board";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { MoveDialog, type MoveRequest } from "./move-dialog";

const phaseStyle: Record<CardDeploy["phase"], string> = {
  deploying: "bg-info-50 text-info-900 dark:bg-info-950 dark:text-info-100",
  deployed: "bg-success-50 text-success-900 dark:bg-success-950 dark:text-success-100",
  failed:
    "bg-danger-50 text-danger-900 ring-1 ring-danger-300 dark:bg-danger-950 dark:text-danger-100 dark:ring-danger-800",
  cancelled:
    "bg-danger-50 text-danger-900 ring-1 ring-danger-300 dark:bg-danger-950 dark:text-danger-100 dark:ring-danger-800",
  overdue:
    "bg-warning-50 text-warning-900 ring-1 ring-warning-300 dark:bg-warning-950 dark:text-warning-100 dark:ring-warning-800",
};

/**
 * The card's deploy line: Deploying… with the time since it was asked for, Deployed, or
 * Deploy failed (red, with the deploy system's description) and the two ways out.
 */
export function DeployStatus({
  project,
  version,
  deploy,
  canAct,
}: {
  project: string;
  version: string;
  deploy: CardDeploy;
  canAct: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<MoveRequest | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) });
  const retry = useMutation(
    trpc.moves.retryDeploy.mutationOptions({
      onSuccess: () => toast.success(`Deploy of ${version} to ${deploy.environmentName} requested again`),
      onError: (error) => toast.error("Deploy not retried", { description: error.message }),
      onSettled: refresh,
    }),
  );
  const rollBack = useMutation(
    trpc.moves.move.mutationOptions({
      onSuccess: () => toast.success(`${version}: rolled back`),
      onError: (error) => toast.error(`${version} was not rolled back`, { description: error.message }),
      onSettled: refresh,
    }),
  );
  const stuck = deploy.phase === "failed" || deploy.phase === "cancelled" || deploy.phase === "overdue";
  return (
    <div
      role="status"
      aria-label={`Deploy to ${deploy.environmentName}`}
      className={`mt-2 rounded-md px-2 py-1.5 text-xs ${phaseStyle[deploy.phase]}`}
    >
      <p>
        <span className="font-semibold">{deploy.label}</span>
        {deploy.phase !== "deployed" && (
          <>
            {" "}
            · <RelativeTime date={deploy.since} />
          </>
        )}
        {deploy.url && (
          <>
            {" "}
            ·{" "}
            <a href={deploy.url} className="underline" target="_blank" rel="noreferrer">
              log
            </a>
          </>
        )}
      </p>
      {stuck && deploy.description && <p className="mt-0.5 break-words">{deploy.description}</p>}
      {stuck && canAct && (
        <div className="mt-1.5 flex flex-wrap gap-2">
          <Button
            disabled={retry.isPending}
            onClick={() => retry.mutate({ project, version, environment: deploy.environment })}
            size="sm"
          >
            Retry deploy
          </Button>
          {deploy.rollbackTo && (
            <Button
              onClick={() =>
                setDialog({
                  version,
                  from: deploy.environment,
                  to: deploy.rollbackTo!.slug,
                  toName: deploy.rollbackTo!.name,
                  kind: "rollback",
                  failing: [],
                })
              }
              variant="ghost"
              size="sm"
              className="underline"
            >
              Roll back
            </Button>
          )}
        </div>
      )}
      <MoveDialog
        request={dialog}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => {
          if (dialog) rollBack.mutate({ project, version, from: dialog.from, to: dialog.to, reason });
          setDialog(null);
        }}
      />
    </div>
  );
}
