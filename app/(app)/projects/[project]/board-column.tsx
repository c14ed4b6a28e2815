"use client";

import { Button } from "@/app/_components/ui/button";
import Link from "next/link";
import { useCallback, useState } from "react";
import { useDroppable } from "@dnd-kit/core";
import { Lock, Snowflake } from "lucide-react";
import { RelativeTime } from "@/app/_components/relative-time";
import { LockControl } from "./lock-control";
import { DraggableCard } from "./board-card";
import { verdictLine, type Verdict } from "./board-dnd";
import type { ScheduleRequest } from "./schedule-dialog";
import type { Card, Column } from "./board-types";

/** Long columns show their newest cards first and the rest on request. */
const cardsPerPage = 40;

function emptyHint(column: Column, previous: Column | undefined): string {
  if (!previous) return "New releases appear here when CI creates them.";
  const how = column.environment.autoPromote
    ? "arrive by themselves once their gates hold"
    : "are promoted here by a release manager";
  return `Releases from ${previous.environment.name} ${how}.`;
}

// Rings are box shadows: they mark a column without moving anything.
const verdictStyle: Record<Verdict["kind"], string> = {
  same: "",
  promote: "ring-2 ring-success-500",
  rollback: "ring-2 ring-warning-500",
  downgrade: "ring-2 ring-warning-500",
  blocked: "ring-2 ring-danger-500",
  override: "ring-2 ring-danger-500",
};

const verdictText: Record<Verdict["kind"], string> = {
  same: "text-ink-600 dark:text-ink-400",
  promote: "font-medium text-success-700 dark:text-success-400",
  rollback: "font-medium text-warning-800 dark:text-warning-300",
  downgrade: "font-medium text-warning-800 dark:text-warning-300",
  blocked: "font-medium text-danger-700 dark:text-danger-400",
  override: "font-medium text-danger-700 dark:text-danger-400",
};

function policyLine({ environment }: Column): string {
  const signoffs = environment.requiredSignoffs;
  return `${environment.autoPromote ? "Auto-promotes" : "Manual promotion"}${signoffs > 0 ? ` · ${signoffs} sign-off${signoffs > 1 ? "s" : ""}` : ""}`;
}

export type ColumnPlacement = {
  /** On a phone only the chosen environment shows; from `sm` up, every column does. */
  chosen: boolean;
  /** The last environment of a pipeline too wide to fit: it stays in view while the others scroll. */
  pinned: boolean;
};

export function EnvironmentColumn({
  column,
  previous,
  project,
  canMove,
  verdict,
  next,
  onSchedule,
  filter,
  placement,
}: {
  column: Column;
  previous?: Column;
  /** The column after this one: where its cards are scheduled into. */
  next?: Column;
  project: string;
  canMove: boolean;
  verdict: Verdict | null;
  onSchedule: (request: ScheduleRequest) => void;
  /** The board's search: only matching cards show. */
  filter: ((card: Card) => boolean) | null;
  placement: ColumnPlacement;
}) {
  const { environment, lock, freeze, upcomingFreeze } = column;
  const freezeEndsAt = next ? (next.freeze?.endsAt ?? next.upcomingFreeze?.endsAt ?? null) : null;
  const schedule = useCallback(
    (card: Card) =>
      next &&
      onSchedule({
        version: card.version,
        from: environment.slug,
        to: next.environment.slug,
        toName: next.environment.name,
        freezeEndsAt,
      }),
    [next, onSchedule, environment.slug, freezeEndsAt],
  );
  const { setNodeRef, isOver } = useDroppable({ id: environment.slug });
  const headingId = `column-${environment.slug}`;
  // Every rendered card is a draggable that dnd-kit re-renders when a drag starts.
  const [shown, setShown] = useState(cardsPerPage);
  const cards = filter ? column.cards.filter(filter) : column.cards;
  const hidden = cards.length - shown;
  // Live: the newest release here whose deploy (if the environment deploys) succeeded.
  const arriving = column.cards.filter((c) => c.deploy && c.deploy.phase !== "deployed").length;
  const liveId = column.cards.find((c) => !c.next && (!c.deploy || c.deploy.phase === "deployed"))?.id;
  const surface = lock
    ? "border-locked/40 bg-locked-soft"
    : freeze
      ? "border-frozen/40 bg-frozen-soft"
      : "border-line bg-ink-100 dark:bg-ink-900";
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={`@container min-w-[11.5rem] flex-1 basis-0 flex-col rounded-xl border p-3 transition sm:flex sm:max-w-[22rem] ${placement.chosen ? "flex" : "hidden"} ${
        placement.pinned ? "sticky right-0 z-10 shadow-[-8px_0_12px_-6px_rgb(0_0_0/0.25)]" : ""
      } ${verdict ? verdictStyle[verdict.kind] : ""} ${isOver ? "brightness-95" : ""} ${surface}`}
    >
      <header className="mb-3">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={headingId} className="text-sm font-semibold">
            {environment.name}
          </h2>
          <span className="flex items-baseline gap-2 text-xs text-ink-600 dark:text-ink-400">
            <Link
              href={`/projects/${project}/environments/${environment.slug}/history`}
              className="text-accent-700 hover:underline dark:text-accent-300"
              aria-label={`History of ${environment.name}`}
            >
              History
            </Link>
            <span className="tabular-nums">
              {/* A release still deploying is not in yet and takes no place (README: Deployments): not "2 / 1". */}
              {column.cards.length - arriving}
              {environment.capacity ? ` / ${environment.capacity}` : ""}
              {arriving > 0 && ` · ${arriving} deploying`}
            </span>
          </span>
        </div>
        {/* One line whatever it says: while a card is lifted the policy gives way to the verdict, so nothing below moves. */}
        <p
          data-testid="column-verdict"
          title={verdict ? verdictLine(verdict) : undefined}
          className={`mt-0.5 h-4 truncate text-xs leading-4 ${verdict ? verdictText[verdict.kind] : "text-ink-600 dark:text-ink-400"}`}
        >
          {verdict ? verdictLine(verdict) : policyLine(column)}
        </p>
        {lock && (
          <p className="mt-2 flex gap-1 rounded-md border border-locked/30 bg-surface px-2 py-1 text-xs font-medium text-locked">
            <Lock aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>
              Locked by {lock.actorName}: {lock.reason}
            </span>
          </p>
        )}
        {canMove && (
          <LockControl
            project={project}
            environment={environment.slug}
            name={environment.name}
            locked={lock !== null}
          />
        )}
        {freeze && (
          <p className="mt-2 flex gap-1 rounded-md border border-frozen/30 bg-surface px-2 py-1 text-xs font-medium text-frozen">
            <Snowflake aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>
              Frozen until {freeze.until}
              {freeze.reason ? `: ${freeze.reason}` : ""}
            </span>
          </p>
        )}
        {!freeze && upcomingFreeze && (
          <p className="mt-2 flex gap-1 rounded-md border border-dashed border-frozen/40 px-2 py-1 text-xs text-frozen">
            <Snowflake aria-hidden className="mt-0.5 size-3 shrink-0" />
            <span>
              Freeze {upcomingFreeze.label}, starts <RelativeTime date={upcomingFreeze.startsAt} suffix />
              {upcomingFreeze.reason ? `: ${upcomingFreeze.reason}` : ""}
            </span>
          </p>
        )}
      </header>
      <ol className="flex flex-col gap-2">
        {cards.slice(0, shown).map((card) => (
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
          <Button size="sm" onClick={() => setShown(shown + cardsPerPage)}>
            Show {Math.min(hidden, cardsPerPage)} more in {environment.name}
          </Button>
          {hidden > cardsPerPage && (
            <button type="button" className="px-2 py-1 underline" onClick={() => setShown(cards.length)}>
              Show all {cards.length}
            </button>
          )}
        </div>
      )}
      {cards.length === 0 && (
        <p className="rounded-lg border border-dashed border-ink-300 p-3 text-xs text-ink-600 dark:border-ink-700 dark:text-ink-400">
          {column.cards.length > 0 ? "No release here matches the search." : emptyHint(column, previous)}
        </p>
      )}
      {column.previous.length > 0 && (
        <details className="mt-3 text-xs text-ink-600 dark:text-ink-400">
          <summary className="cursor-pointer">Previously live ({column.previous.length})</summary>
          <ul className="mt-1 space-y-1">
            {column.previous.map((card) => (
              <li key={card.id}>
                <Link className="underline" href={`/projects/${project}/releases/${encodeURIComponent(card.version)}`}>
                  {card.version}
                </Link>{" "}
                {/* "superseded" alone hid a rollback: say what replaced it. */}
                replaced <RelativeTime date={card.enteredAt} suffix />
                {card.why && <span className="block pl-2">{card.why}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
