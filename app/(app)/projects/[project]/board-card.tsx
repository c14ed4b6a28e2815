"use client";

import { Button, IconButton } from "@/app/_components/ui/button";
import Link from "next/link";
import { memo } from "react";
import { useDraggable } from "@dnd-kit/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, GitCommitHorizontal, GripVertical, Hand } from "lucide-react";
import { Preview } from "@/app/_components/ui/preview";
import { StatusPill } from "@/app/_components/ui/status";
import { GatePreview } from "./gate-preview";
import { toast } from "@/app/_components/ui/toast";
import { useFlashOnChange } from "@/app/_components/ui/use-flash-on-change";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { CheckChips, GateChecklist } from "./gates";
import { DeployStatus } from "./deploy-status";
import { ReleaseNotices } from "./release-status";
import type { Card } from "./board-types";

/**
 * dnd-kit re-renders every draggable when a drag starts or its target changes; this
 * wrapper is all that re-renders. The card body below is memoised on props that stay the
 * same (dnd-kit memoises listeners and attributes), so a board of hundreds of cards only
 * re-renders the card being dragged.
 */
export const DraggableCard = memo(function DraggableCard({
  card,
  project,
  canMove,
  live,
  onSchedule,
}: {
  card: Card;
  project: string;
  canMove: boolean;
  live: boolean;
  onSchedule?: (card: Card) => void;
}) {
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({
    id: card.version,
    disabled: !canMove,
  });
  return (
    <div ref={setNodeRef} className={isDragging ? "opacity-40" : ""}>
      <CardBody
        card={card}
        project={project}
        live={live}
        canTick={canMove}
        onSchedule={onSchedule}
        activatorRef={canMove ? setActivatorNodeRef : undefined}
        listeners={canMove ? listeners : undefined}
        attributes={canMove ? attributes : undefined}
      />
    </div>
  );
});

/**
 * A release as a card. In a narrow column (seven environments on a laptop) it takes a compact
 * form through container queries on the column: less padding, and the first reasons only.
 */
export const CardBody = memo(function CardBody({
  card,
  project,
  live,
  canTick,
  onSchedule,
  activatorRef,
  listeners,
  attributes,
}: {
  card: Card;
  project: string;
  live: boolean;
  canTick: boolean;
  onSchedule?: (card: Card) => void;
  /** The drag handle's wiring; without it the card has no handle (read-only users). */
  activatorRef?: (element: HTMLElement | null) => void;
  listeners?: ReturnType<typeof useDraggable>["listeners"];
  attributes?: ReturnType<typeof useDraggable>["attributes"];
}) {
  const blocked = card.next && !card.next.allMet;
  const tasks = card.next?.items.filter((i) => i.gate === "tasks") ?? [];
  const href = `/projects/${project}/releases/${encodeURIComponent(card.version)}`;
  // A live change to what the card says (a result, a sign-off, a deploy) is highlighted briefly.
  const changed = useFlashOnChange(JSON.stringify(card));
  return (
    <article
      aria-label={card.version}
      data-changed={changed || undefined}
      className={`rounded-lg border border-line bg-surface p-3 shadow-sm transition-shadow hover:shadow-md motion-safe:animate-settle @max-[15rem]:p-2 dark:border-ink-700 dark:bg-ink-800 ${
        changed ? "motion-safe:animate-flash" : ""
      }`}
    >
      <div className="relative flex items-start justify-between gap-2">
        {card.next ? (
          <Preview
            trigger={
              <Link href={href} className="min-w-0 font-mono text-sm font-semibold hover:underline">
                {card.version}
              </Link>
            }
          >
            <GatePreview version={card.version} target={card.next.environmentName} items={card.next.items} />
          </Preview>
        ) : (
          <Link href={href} className="min-w-0 font-mono text-sm font-semibold hover:underline">
            {card.version}
          </Link>
        )}
        <span className="flex shrink-0 items-center gap-1">
          {card.held && (
            <span title={card.held.label} className="text-held">
              <Hand aria-hidden className="size-3.5" />
            </span>
          )}
          {live && (
            <StatusPill status="passed" size="sm">
              live
            </StatusPill>
          )}
          {activatorRef && (
            <IconButton
              ref={activatorRef}
              {...listeners}
              {...attributes}
              label={`Move ${card.version}`}
              size="sm"
              className="size-5 cursor-grab touch-none rounded text-ink-500 hover:text-fg dark:text-ink-400"
            >
              <GripVertical aria-hidden />
            </IconButton>
          )}
        </span>
      </div>
      <p className="mt-1 flex flex-wrap items-center gap-x-1 text-xs text-ink-600 tabular-nums dark:text-ink-400">
        {card.commitSha ? (
          <span className="inline-flex items-center gap-0.5 font-mono">
            <GitCommitHorizontal aria-hidden className="size-3" />
            {card.commitSha.slice(0, 7)}
          </span>
        ) : (
          "no commit"
        )}
        {card.branch ? (
          <>
            {" · "}
            <bdi className="truncate">{card.branch}</bdi>
          </>
        ) : (
          ""
        )}{" "}
        ·{" "}
        <span>
          here for <RelativeTime date={card.enteredAt} />
        </span>
      </p>
      {card.deploy && <DeployStatus project={project} version={card.version} deploy={card.deploy} canAct={canTick} />}
      {card.next && (
        <>
          <CheckChips items={card.next.items} links={card.checkLinks} />
          {card.next.items.some((i) => i.gate === "signoffs") && (
            <p className="mt-1 text-xs text-ink-700 tabular-nums dark:text-ink-300">Sign-offs: {card.approvals}</p>
          )}
          {tasks.length > 0 && <TaskBoxes project={project} card={card} tasks={tasks} canTick={canTick} />}
          {card.olderThan ? null : blocked ? (
            <GateChecklist
              target={card.next.environmentName}
              items={card.next.items.filter((i) => i.gate !== "tasks")}
            />
          ) : (
            <p className="mt-2 flex items-center gap-1 text-xs font-medium text-passed">
              <CircleCheck aria-hidden className="size-3 shrink-0" />
              <span>
                Ready for <bdi>{card.next.environmentName}</bdi>
              </span>
            </p>
          )}
        </>
      )}
      <ReleaseNotices project={project} version={card.version} status={card} canMove={canTick} />
      {onSchedule && card.next && !card.schedule && !card.olderThan && (
        <Button
          variant="link"
          size="sm"
          onClick={() => onSchedule(card)}
          className="mt-2 underline hover:no-underline"
          aria-label={`Schedule promotion of ${card.version} to ${card.next.environmentName}`}
        >
          Schedule…
        </Button>
      )}
    </article>
  );
});

function TaskBoxes({
  project,
  card,
  tasks,
  canTick,
}: {
  project: string;
  card: Card;
  tasks: NonNullable<Card["next"]>["items"];
  canTick: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tick = useMutation(
    trpc.moves.setTaskDone.mutationOptions({
      onError: (error) => toast.error("Task not updated", { description: error.message }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) }),
    }),
  );
  return (
    <fieldset className="mt-2 text-xs">
      <legend className="font-medium text-ink-700 dark:text-ink-300">Before {card.next!.environmentName}</legend>
      {tasks.map((task) => (
        <label key={task.subject} className="mt-0.5 flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={task.met}
            disabled={!canTick || tick.isPending}
            onChange={(e) =>
              tick.mutate({
                project,
                version: card.version,
                environment: card.next!.environment,
                task: task.subject!,
                done: e.target.checked,
              })
            }
          />
          {task.subject}
        </label>
      ))}
    </fieldset>
  );
}
