"use client";

import Link from "next/link";
import { useMemo, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { Radio, Unplug } from "lucide-react";
import { can, type Role } from "@/server/domain/permissions";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { CardBody } from "./board-card";
import { EnvironmentColumn } from "./board-column";
import {
  collisions,
  columnJumps,
  keepInWindow,
  screenReaderInstructions,
  useAnnouncements,
  verdictFor,
} from "./board-dnd";
import { BoardSearch, cardMatcher } from "./board-search";
import type { Card } from "./board-types";
import { EnvironmentSwitcher } from "./environment-switcher";
import { LiftedVerdict } from "./lifted-verdict";
import { MoveDialog, type MoveRequest } from "./move-dialog";
import { ScheduleDialog, type ScheduleRequest } from "./schedule-dialog";
import { notMoved, useMoveRelease } from "./use-move-release";
import { useLiveUpdates } from "./use-live-updates";

/** Up to this many environments fit side by side at 1440 px; past it the board scrolls, its last column pinned. */
const fitting = 7;

export function Board({ project, role, timeControl }: { project: string; role: Role; timeControl?: ReactNode }) {
  const trpc = useTRPC();
  const board = useQuery(trpc.board.board.queryOptions({ project }));
  const live = useLiveUpdates(project);
  const canMove = can(role, "release.move");
  const [dragging, setDragging] = useState<{ card: Card; from: number } | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [dialog, setDialog] = useState<MoveRequest | null>(null);
  const [scheduling, setScheduling] = useState<ScheduleRequest | null>(null);
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const move = useMoveRelease(project);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnJumps }),
  );

  const columns = board.data?.columns;
  const announcements = useAnnouncements(columns, dragging, role);
  const filter = useMemo(() => cardMatcher(search), [search]);
  const matches = filter && columns ? columns.reduce((n, c) => n + c.cards.filter(filter).length, 0) : null;
  const indexOf = (slug: string | number) => columns?.findIndex((c) => c.environment.slug === String(slug)) ?? -1;

  /** Where a card is, read from the data rather than from state, which a fast keyboard drop can outrun. */
  const locate = (version: string | number) => {
    const from = columns?.findIndex((c) => c.cards.some((card) => card.version === version)) ?? -1;
    const card = columns?.[from]?.cards.find((c) => c.version === version);
    return card ? { card, from } : null;
  };

  const endDrag = () => {
    setDragging(null);
    setOver(null);
  };

  const onDragEnd = (event: DragEndEvent) => {
    const started = locate(event.active.id);
    endDrag();
    if (!started || !event.over || !columns) return;
    const to = indexOf(event.over.id);
    const target = columns[to];
    const from = columns[started.from]!.environment;
    if (!target) return;
    const verdict = verdictFor(columns, started.card, started.from, to, role);
    if (verdict.kind === "same") return;
    // The column already said why it refuses: say it again at once, without asking the server.
    if (verdict.kind === "blocked") return notMoved(started.card.version, verdict.reasons);
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
    move.mutate({ project, version: started.card.version, from: from.slug, to: target.environment.slug });
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

  const all = board.data.columns;
  // On a phone, one environment at a time: the first that holds releases, not an empty Development.
  const shownSlug = chosen ?? (all.find((c) => c.cards.length > 0) ?? all[0])?.environment.slug;
  const verdictAt = (index: number) => (dragging ? verdictFor(all, dragging.card, dragging.from, index, role) : null);
  const overIndex = over ? indexOf(over) : -1;

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">{board.data.project.name}</h1>
        <LiveIndicator live={live} />
        {!canMove && (
          <span className="text-xs text-ink-600 dark:text-ink-400">
            Read-only: only release managers and admins move releases.
          </span>
        )}
        <div className="flex flex-wrap items-center gap-3 sm:ml-auto">
          <BoardSearch value={search} onChange={setSearch} matches={matches} />
          {/* The links wrap together, never "Settings" alone on its own line. */}
          <span className="flex gap-3 whitespace-nowrap">
            <Link
              href={`/projects/${project}/activity`}
              className="text-sm text-accent-700 hover:underline dark:text-accent-300"
            >
              Activity
            </Link>
            <Link
              href={`/projects/${project}/insights`}
              className="text-sm text-accent-700 hover:underline dark:text-accent-300"
            >
              Insights
            </Link>
            <Link
              href={`/projects/${project}/settings`}
              className="text-sm text-accent-700 hover:underline dark:text-accent-300"
            >
              Settings
            </Link>
          </span>
        </div>
      </div>
      {timeControl}
      {board.data.project.archived && (
        <p
          role="status"
          className="mb-4 rounded-md border border-warning-300 bg-warning-50 p-3 text-sm text-warning-900 dark:border-warning-800 dark:bg-warning-950 dark:text-warning-100"
        >
          This project is archived: it is off the overview and its API takes no new releases or results. Restore it in
          its settings.
        </p>
      )}
      {all.length === 0 ? (
        <p className="text-ink-600">This project has no environments yet.</p>
      ) : (
        <>
          <EnvironmentSwitcher columns={all} value={shownSlug} onChange={setChosen} filter={filter} />
          <DndContext
            sensors={sensors}
            collisionDetection={collisions}
            onDragStart={(event: DragStartEvent) => setDragging(locate(event.active.id))}
            onDragOver={(event: DragOverEvent) => setOver(event.over ? String(event.over.id) : null)}
            onDragEnd={onDragEnd}
            onDragCancel={endDrag}
            accessibility={{ announcements, screenReaderInstructions }}
          >
            <div className="flex gap-3 overflow-x-auto pb-4">
              {all.map((column, index) => (
                <EnvironmentColumn
                  key={column.environment.id}
                  column={column}
                  previous={all[index - 1]}
                  project={project}
                  canMove={canMove}
                  onSchedule={setScheduling}
                  next={all[index + 1]}
                  verdict={verdictAt(index)}
                  filter={filter}
                  placement={{
                    chosen: column.environment.slug === shownSlug,
                    pinned: all.length > fitting && index === all.length - 1,
                  }}
                />
              ))}
            </div>
            <DragOverlay modifiers={[keepInWindow]}>
              {dragging ? (
                <div className="relative">
                  {overIndex >= 0 && <LiftedVerdict column={all[overIndex]!} verdict={verdictAt(overIndex)!} />}
                  <CardBody card={dragging.card} project={project} live={false} canTick={false} />
                </div>
              ) : null}
            </DragOverlay>
          </DndContext>
        </>
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

function LiveIndicator({ live }: { live: boolean }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs text-ink-500" aria-live="polite">
      {live ? <Radio aria-hidden className="size-3.5 text-success-600" /> : <Unplug aria-hidden className="size-3.5" />}
      <span>{live ? "Live" : "Connecting…"}</span>
    </span>
  );
}
