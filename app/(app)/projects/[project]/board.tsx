"use client";

import Link from "next/link";
import { memo, useCallback, useMemo, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import { toast } from "sonner";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import type { Role } from "@/server/domain/permissions";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { CheckChips, GateChecklist } from "./gates";
import { LockControl } from "./lock-control";
import { DeployStatus } from "./deploy-status";
import { MoveDialog, type MoveRequest } from "./move-dialog";
import { ReleaseNotices } from "./release-status";
import { ScheduleDialog, type ScheduleRequest } from "./schedule-dialog";
import { useLiveUpdates } from "./use-live-updates";

type BoardData = inferRouterOutputs<AppRouter>["board"]["board"];
type Column = BoardData["columns"][number];
type Card = Column["cards"][number];

type Verdict =
  | { kind: "same" }
  | { kind: "promote" }
  | { kind: "rollback" }
  /** Forward, where a newer release is: going back to this one is a rollback there. */
  | { kind: "downgrade"; reasons: string[] }
  | { kind: "blocked"; reasons: string[] }
  | { kind: "override"; reasons: string[] };

/** What dropping `card` (in column `from`) on column `to` would do, from the card's own gate checklist. */
function verdictFor(columns: Column[], card: Card, from: number, to: number, role: Role): Verdict {
  if (to === from) return { kind: "same" };
  if (to < from) return { kind: "rollback" };
  const reasons =
    to === from + 1
      ? (card.next?.items.filter((i) => !i.met).map((i) => i.reason) ?? [])
      : [`Releases move one stage at a time: promote to ${columns[from + 1]?.environment.name} first`];
  if (reasons.length === 0) return { kind: "promote" };
  const newer = to === from + 1 ? card.next?.items.find((i) => i.gate === "newer-live" && !i.met) : undefined;
  if (newer) return { kind: "downgrade", reasons: [newer.reason] };
  return role === "admin" ? { kind: "override", reasons } : { kind: "blocked", reasons };
}

/** Arrow keys jump a lifted card from column to column, in pipeline order. */
const columnJumps: KeyboardCoordinateGetter = (event, { context: { droppableRects, collisionRect, over } }) => {
  if (event.code !== "ArrowRight" && event.code !== "ArrowLeft") return undefined;
  event.preventDefault();
  if (!collisionRect) return undefined;
  const rects = [...droppableRects.entries()].sort(([, a], [, b]) => a.left - b.left);
  const current = rects.findIndex(([id]) => id === over?.id);
  const here =
    current >= 0 ? current : rects.findIndex(([, r]) => collisionRect.left + collisionRect.width / 2 >= r.left && collisionRect.left + collisionRect.width / 2 <= r.left + r.width);
  const target = rects[Math.max(0, Math.min(rects.length - 1, here + (event.code === "ArrowRight" ? 1 : -1)))];
  if (!target) return undefined;
  const [, rect] = target;
  return { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: rect.top + 48 };
};

const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : rectIntersection(args);
};

export function Board({ project, role }: { project: string; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const boardKey = trpc.board.board.queryKey({ project });
  const board = useQuery(trpc.board.board.queryOptions({ project }));
  const live = useLiveUpdates(project);
  const canMove = role === "admin" || role === "release_manager";
  const [dragging, setDragging] = useState<{ card: Card; from: number } | null>(null);
  const [dialog, setDialog] = useState<MoveRequest | null>(null);
  const [scheduling, setScheduling] = useState<ScheduleRequest | null>(null);

  const move = useMutation(
    trpc.moves.move.mutationOptions({
      // The card moves at once; if the server refuses, it goes back with the server's reasons.
      onMutate: async (input) => {
        await queryClient.cancelQueries({ queryKey: boardKey });
        const before = queryClient.getQueryData(boardKey);
        queryClient.setQueryData(boardKey, (data) => {
          if (!data) return data;
          const card = data.columns.flatMap((c) => c.cards).find((c) => c.version === input.version);
          if (!card) return data;
          return {
            ...data,
            columns: data.columns.map((c) => ({
              ...c,
              cards:
                c.environment.slug === input.to
                  ? [{ ...card, next: null, deploy: null, enteredAt: new Date() }, ...c.cards.filter((x) => x.version !== input.version)]
                  : c.cards.filter((x) => x.version !== input.version),
            })),
          };
        });
        return { before };
      },
      onError: (error, input, context) => {
        if (context?.before) queryClient.setQueryData(boardKey, context.before);
        const reasons = error.data?.domain?.gates?.map((g) => g.reason) ?? [];
        toast.error(`${input.version} was not moved`, {
          description: reasons.length ? reasons.join(" · ") : error.message,
        });
      },
      onSuccess: (result, input) => {
        const also = result.autoPromoted.length ? ` (then auto-promoted to ${result.autoPromoted.at(-1)?.to})` : "";
        toast.success(`${input.version}: ${result.transition.kind === "rollback" ? "rolled back" : "promoted"}${also}`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: boardKey }),
    }),
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnJumps }),
  );

  const columns = board.data?.columns;
  const indexOf = useCallback((slug: string) => columns?.findIndex((c) => c.environment.slug === slug) ?? -1, [columns]);

  const announcements: Announcements = useMemo(
    () => ({
      onDragStart: ({ active }) =>
        `Picked up release ${active.id}. Use the left and right arrow keys to choose an environment, space to drop, escape to cancel.`,
      onDragOver: ({ active, over }) => {
        if (!over || !columns || !dragging) return `Release ${active.id} is not over an environment.`;
        const to = indexOf(String(over.id));
        const verdict = verdictFor(columns, dragging.card, dragging.from, to, role);
        const name = columns[to]?.environment.name;
        return {
          same: `${name}: where release ${active.id} is now.`,
          promote: `${name}: drop to promote.`,
          rollback: `${name}: drop to roll back; you will be asked for a reason.`,
          downgrade: `${name}: a newer release is there; drop to roll back to this one, with a reason.`,
          blocked: `${name}: cannot enter yet.`,
          override: `${name}: gates fail; drop to override with a justification.`,
        }[verdict.kind];
      },
      onDragEnd: ({ active, over }) =>
        over ? `Release ${active.id} dropped on ${columns?.[indexOf(String(over.id))]?.environment.name}.` : `Release ${active.id} dropped.`,
      onDragCancel: ({ active }) => `Moving release ${active.id} was cancelled.`,
    }),
    [columns, dragging, indexOf, role],
  );

  /** Where a card is, read from the data rather than from state, which a fast keyboard drop can outrun. */
  const locate = (version: string | number) => {
    const from = columns?.findIndex((c) => c.cards.some((card) => card.version === version)) ?? -1;
    const card = columns?.[from]?.cards.find((c) => c.version === version);
    return card ? { card, from } : null;
  };

  const onDragStart = (event: DragStartEvent) => setDragging(locate(event.active.id));

  const onDragEnd = (event: DragEndEvent) => {
    const started = locate(event.active.id);
    setDragging(null);
    if (!started || !event.over || !columns) return;
    const to = indexOf(String(event.over.id));
    const target = columns[to];
    const from = columns[started.from]!.environment;
    if (!target) return;
    const verdict = verdictFor(columns, started.card, started.from, to, role);
    const base = { project, version: started.card.version, from: from.slug, to: target.environment.slug };
    if (verdict.kind === "same") return;
    if (verdict.kind === "rollback" || verdict.kind === "override" || verdict.kind === "downgrade") {
      setDialog({
        version: started.card.version,
        from: from.slug,
        to: target.environment.slug,
        toName: target.environment.name,
        kind: verdict.kind === "override" ? "override" : "rollback",
        forward: verdict.kind === "downgrade",
        failing: verdict.kind === "rollback" ? [] : verdict.reasons,
      });
      return;
    }
    // Promotions, and drops the gates refuse: the server decides and says why.
    move.mutate(base);
  };

  if (board.isPending) {
    return (
      <div className="flex gap-4" aria-busy>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-96 w-80 shrink-0" />
        ))}
      </div>
    );
  }
  if (board.isError) return <ErrorState error={board.error} retry={() => board.refetch()} />;

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{board.data.project.name}</h1>
        <span className="text-xs text-slate-500" aria-live="polite">
          {live ? "● Live" : "○ Connecting…"}
        </span>
        {!canMove && <span className="text-xs text-slate-600 dark:text-slate-400">Read-only: only release managers and admins move releases.</span>}
        <Link href={`/projects/${project}/activity`} className="ml-auto text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          Activity
        </Link>
        <Link href={`/projects/${project}/settings`} className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          Settings
        </Link>
      </div>
      {board.data.project.archived && (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          This project is archived: it is off the overview and its API takes no new releases or results. Restore it in its settings.
        </p>
      )}
      {board.data.columns.length === 0 ? (
        <p className="text-slate-600">This project has no environments yet.</p>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collisions}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setDragging(null)}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable:
                "To move a release, press space or enter to pick it up, the left and right arrow keys to choose an environment, space or enter to drop it, and escape to cancel.",
            },
          }}
        >
          <div className="flex gap-4 overflow-x-auto pb-4">
            {board.data.columns.map((column, index) => (
              <EnvironmentColumn
                key={column.environment.id}
                column={column}
                previous={board.data.columns[index - 1]}
                project={project}
                canMove={canMove}
                onSchedule={setScheduling}
                next={board.data.columns[index + 1]}
                verdict={dragging ? verdictFor(board.data.columns, dragging.card, dragging.from, index, role) : null}
              />
            ))}
          </div>
          <DragOverlay>{dragging ? <CardBody card={dragging.card} project={project} live={false} canTick={false} /> : null}</DragOverlay>
        </DndContext>
      )}
      <MoveDialog
        request={dialog}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => {
          if (!dialog) return;
          move.mutate({
            project,
            version: dialog.version,
            from: dialog.from,
            to: dialog.to,
            reason,
            ...(dialog.kind === "override" ? { override: true } : {}),
            ...(dialog.forward ? { rollback: true } : {}),
          });
          setDialog(null);
        }}
      />
      <ScheduleDialog project={project} request={scheduling} onClose={() => setScheduling(null)} />
    </div>
  );
}

function emptyHint(column: Column, previous: Column | undefined): string {
  if (!previous) return "New releases appear here when CI creates them.";
  const how = column.environment.autoPromote ? "arrive by themselves once their gates hold" : "are promoted here by a release manager";
  return `Releases from ${previous.environment.name} ${how}.`;
}

const verdictStyle: Record<Verdict["kind"], string> = {
  same: "",
  promote: "ring-2 ring-emerald-500",
  rollback: "ring-2 ring-amber-500",
  downgrade: "ring-2 ring-amber-500",
  blocked: "ring-2 ring-red-500 opacity-70",
  override: "ring-2 ring-red-500",
};

function EnvironmentColumn({
  column,
  previous,
  project,
  canMove,
  verdict,
  next,
  onSchedule,
}: {
  column: Column;
  previous?: Column;
  /** The column after this one: where its cards are scheduled into. */
  next?: Column;
  project: string;
  canMove: boolean;
  verdict: Verdict | null;
  onSchedule: (request: ScheduleRequest) => void;
}) {
  const { environment, lock, freeze, upcomingFreeze } = column;
  const freezeEndsAt = next ? (next.freeze?.endsAt ?? next.upcomingFreeze?.endsAt ?? null) : null;
  const schedule = useCallback(
    (card: Card) =>
      next && onSchedule({ version: card.version, from: environment.slug, to: next.environment.slug, toName: next.environment.name, freezeEndsAt }),
    [next, onSchedule, environment.slug, freezeEndsAt],
  );
  const { setNodeRef, isOver } = useDroppable({ id: environment.slug });
  const headingId = `column-${environment.slug}`;
  // Long columns show their newest cards first and the rest on request: every rendered
  // card is a draggable that dnd-kit re-renders when a drag starts.
  const [shown, setShown] = useState(cardsPerPage);
  const hidden = column.cards.length - shown;
  // Live: the newest release here whose deploy (if the environment deploys) succeeded.
  const liveId = column.cards.find((c) => !c.next && (!c.deploy || c.deploy.phase === "deployed"))?.id;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={`flex w-80 shrink-0 flex-col rounded-xl border p-3 transition ${verdict ? verdictStyle[verdict.kind] : ""} ${
        isOver ? "brightness-95" : ""
      } ${
        lock || freeze
          ? "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40"
          : "border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900/60"
      }`}
    >
      <header className="mb-3">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={headingId} className="font-semibold">
            {environment.name}
          </h2>
          <span className="text-xs text-slate-600 dark:text-slate-400">
            {column.cards.length}
            {environment.capacity ? ` / ${environment.capacity}` : ""}
          </span>
        </div>
        <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          {environment.autoPromote ? "Auto-promotes" : "Manual promotion"}
          {environment.requiredSignoffs > 0 ? ` · ${environment.requiredSignoffs} sign-off${environment.requiredSignoffs > 1 ? "s" : ""}` : ""}
        </p>
        {lock && (
          <p className="mt-2 rounded-md bg-amber-200/70 px-2 py-1 text-xs text-amber-950 dark:bg-amber-900 dark:text-amber-100">
            🔒 Locked by {lock.actorName}: {lock.reason}
          </p>
        )}
        {canMove && <LockControl project={project} environment={environment.slug} name={environment.name} locked={lock !== null} />}
        {freeze && (
          <p className="mt-2 rounded-md bg-sky-200/70 px-2 py-1 text-xs text-sky-950 dark:bg-sky-900 dark:text-sky-100">
            ❄ Frozen until {freeze.until}
            {freeze.reason ? `: ${freeze.reason}` : ""}
          </p>
        )}
        {!freeze && upcomingFreeze && (
          <p className="mt-2 rounded-md bg-sky-100/70 px-2 py-1 text-xs text-sky-950 dark:bg-sky-950 dark:text-sky-100">
            Freeze {upcomingFreeze.label}, starts <RelativeTime date={upcomingFreeze.startsAt} suffix />
            {upcomingFreeze.reason ? `: ${upcomingFreeze.reason}` : ""}
          </p>
        )}
        {verdict && (verdict.kind === "blocked" || verdict.kind === "override") && (
          <p className="mt-2 text-xs font-medium text-red-700 dark:text-red-400">{verdict.kind === "override" ? "Override needed: " : "Cannot enter: "}{verdict.reasons[0]}</p>
        )}
      </header>
      <ol className="flex flex-col gap-2">
        {column.cards.slice(0, shown).map((card) => (
          <li key={card.id}>
            <DraggableCard
              card={card}
              project={project}
              canMove={canMove}
              live={column.environment.capacity === 1 && card.id === liveId}
              onSchedule={next && canMove ? schedule : undefined}
            />
          </li>
        ))}
      </ol>
      {hidden > 0 && (
        <div className="mt-2 flex flex-wrap gap-2 text-xs">
          <button type="button" className="rounded-md border border-slate-300 px-2 py-1 hover:bg-white dark:border-slate-700 dark:hover:bg-slate-800" onClick={() => setShown(shown + cardsPerPage)}>
            Show {Math.min(hidden, cardsPerPage)} more in {environment.name}
          </button>
          {hidden > cardsPerPage && (
            <button type="button" className="px-2 py-1 underline" onClick={() => setShown(column.cards.length)}>
              Show all {column.cards.length}
            </button>
          )}
        </div>
      )}
      {column.cards.length === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 p-3 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {emptyHint(column, previous)}
        </p>
      )}
      {column.previous.length > 0 && (
        <details className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          <summary className="cursor-pointer">Previously live ({column.previous.length})</summary>
          <ul className="mt-1 space-y-1">
            {column.previous.map((card) => (
              <li key={card.id}>
                <Link className="underline" href={`/projects/${project}/releases/${encodeURIComponent(card.version)}`}>
                  {card.version}
                </Link>{" "}
                superseded <RelativeTime date={card.enteredAt} suffix />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Lock or unlock an environment from its column header; a lock needs a reason. */
const cardsPerPage = 40;

/**
 * dnd-kit re-renders every draggable when a drag starts or its target changes; this
 * wrapper is all that re-renders. The card body below is memoised on props that stay the
 * same (dnd-kit memoises listeners and attributes), so a board of hundreds of cards only
 * re-renders the card being dragged.
 */
const DraggableCard = memo(function DraggableCard({
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
  const { setNodeRef, setActivatorNodeRef, listeners, attributes, isDragging } = useDraggable({ id: card.version, disabled: !canMove });
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


const CardBody = memo(function CardBody({
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
  return (
    <article aria-label={card.version} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-800">
      <div className="flex items-baseline justify-between gap-2">
        <Link href={`/projects/${project}/releases/${encodeURIComponent(card.version)}`} className="font-mono text-sm font-semibold hover:underline">
          {card.version}
        </Link>
        <span className="flex items-center gap-1">
          {live && <span className="rounded bg-emerald-100 px-1.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">live</span>}
          {activatorRef && (
            <button
              type="button"
              ref={activatorRef}
              {...listeners}
              {...attributes}
              aria-label={`Move ${card.version}`}
              className="cursor-grab touch-none rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-700 dark:hover:text-white"
            >
              <span aria-hidden>⠿</span>
            </button>
          )}
        </span>
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {card.commitSha ? <span className="font-mono">{card.commitSha.slice(0, 7)}</span> : "no commit"}
        {card.branch ? ` · ${card.branch}` : ""} · here for <RelativeTime date={card.enteredAt} />
      </p>
      {card.deploy && <DeployStatus project={project} version={card.version} deploy={card.deploy} canAct={canTick} />}
      {card.next && (
        <>
          <CheckChips items={card.next.items} />
          {card.next.items.some((i) => i.gate === "signoffs") && (
            <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">Sign-offs: {card.approvals}</p>
          )}
          {tasks.length > 0 && <TaskBoxes project={project} card={card} tasks={tasks} canTick={canTick} />}
          {card.olderThan ? null : blocked ? (
            <GateChecklist target={card.next.environmentName} items={card.next.items.filter((i) => i.gate !== "tasks")} />
          ) : (
            <p className="mt-2 text-xs text-emerald-700 dark:text-emerald-400">Ready for {card.next.environmentName}</p>
          )}
        </>
      )}
      <ReleaseNotices project={project} version={card.version} status={card} canMove={canTick} />
      {onSchedule && card.next && !card.schedule && !card.olderThan && (
        <button
          type="button"
          onClick={() => onSchedule(card)}
          className="mt-2 text-xs text-indigo-700 underline hover:no-underline dark:text-indigo-300"
          aria-label={`Schedule promotion of ${card.version} to ${card.next.environmentName}`}
        >
          Schedule…
        </button>
      )}
    </article>
  );
});

function TaskBoxes({ project, card, tasks, canTick }: { project: string; card: Card; tasks: NonNullable<Card["next"]>["items"]; canTick: boolean }) {
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
      <legend className="font-medium text-slate-700 dark:text-slate-300">Before {card.next!.environmentName}</legend>
      {tasks.map((task) => (
        <label key={task.subject} className="mt-0.5 flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={task.met}
            disabled={!canTick || tick.isPending}
            onChange={(e) =>
              tick.mutate({ project, version: card.version, environment: card.next!.environment, task: task.subject!, done: e.target.checked })
            }
          />
          {task.subject}
        </label>
      ))}
    </fieldset>
  );
}
