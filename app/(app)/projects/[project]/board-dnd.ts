"use client";

import { useMemo } from "react";
import {
  pointerWithin,
  rectIntersection,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type Modifier,
} from "@dnd-kit/core";
import { can, type Role } from "@/server/domain/permissions";
import type { Card, Column } from "./board-types";

export type Verdict =
  | { kind: "same" }
  | { kind: "promote" }
  | { kind: "rollback" }
  /** Forward, where a newer release is: going back to this one is a rollback there. */
  | { kind: "downgrade"; reasons: string[] }
  | { kind: "blocked"; reasons: string[] }
  | { kind: "override"; reasons: string[] };

/** What dropping `card` (in column `from`) on column `to` would do, from the card's own gate checklist. */
export function verdictFor(columns: Column[], card: Card, from: number, to: number, role: Role): Verdict {
  if (to === from) return { kind: "same" };
  if (to < from) return { kind: "rollback" };
  const reasons =
    to === from + 1
      ? (card.next?.items.filter((i) => !i.met).map((i) => i.reason) ?? [])
      : // The action first: a column's one-line verdict cut "Releases move one stag…" before it.
        [`Promote to ${columns[from + 1]?.environment.name} first: releases move one stage at a time`];
  if (reasons.length === 0) return { kind: "promote" };
  const newer = to === from + 1 ? card.next?.items.find((i) => i.gate === "newer-live" && !i.met) : undefined;
  if (newer) return { kind: "downgrade", reasons: [newer.reason] };
  return can(role, "release.override") ? { kind: "override", reasons } : { kind: "blocked", reasons };
}

/** The one line a column shows about a lifted card, in its fixed-height verdict slot. */
export function verdictLine(verdict: Verdict): string {
  switch (verdict.kind) {
    case "same":
      return "Where it is now";
    case "promote":
      return "Drop to promote";
    case "rollback":
      return "Drop to roll back (with a reason)";
    case "downgrade":
      return "Newer release here: drop to roll back";
    case "blocked":
      return `Cannot enter: ${verdict.reasons[0]}`;
    case "override":
      return `Override needed: ${verdict.reasons[0]}`;
  }
}

/**
 * Where a card lifted by keyboard lands in a column: just under the column's header, so
 * neither the card nor the reasons it carries (below it) cover what the header says.
 */
function belowHeader(slug: string, rect: { top: number }): number {
  const header = document.getElementById(`column-${slug}`)?.closest("header");
  return header ? header.getBoundingClientRect().bottom + 8 : rect.top + 48;
}

/** Arrow keys jump a lifted card from column to column, in pipeline order. */
export const columnJumps: KeyboardCoordinateGetter = (event, { context: { droppableRects, collisionRect, over } }) => {
  if (event.code !== "ArrowRight" && event.code !== "ArrowLeft") return undefined;
  event.preventDefault();
  if (!collisionRect) return undefined;
  const rects = [...droppableRects.entries()].sort(([, a], [, b]) => a.left - b.left);
  const current = rects.findIndex(([id]) => id === over?.id);
  const middle = collisionRect.left + collisionRect.width / 2;
  const here = current >= 0 ? current : rects.findIndex(([, r]) => middle >= r.left && middle <= r.left + r.width);
  const target = rects[Math.max(0, Math.min(rects.length - 1, here + (event.code === "ArrowRight" ? 1 : -1)))];
  if (!target) return undefined;
  const [id, rect] = target;
  return { x: rect.left + rect.width / 2 - collisionRect.width / 2, y: belowHeader(String(id), rect) };
};

/** The lifted card (and the reasons it carries) stays inside the window: at the leftmost column it was cut off. */
export const keepInWindow: Modifier = ({ transform, draggingNodeRect, windowRect }) => {
  if (!draggingNodeRect || !windowRect) return transform;
  const margin = 4;
  const left = draggingNodeRect.left + transform.x;
  const right = left + Math.max(draggingNodeRect.width, liftedVerdictWidth);
  const x =
    left < windowRect.left + margin
      ? windowRect.left + margin - draggingNodeRect.left
      : right > windowRect.right - margin
        ? windowRect.right - margin - Math.max(draggingNodeRect.width, liftedVerdictWidth) - draggingNodeRect.left
        : transform.x;
  return { ...transform, x };
};

/** The least width of the reasons a lifted card carries (`min-w-56` in lifted-verdict.tsx). */
export const liftedVerdictWidth = 224;

export const collisions: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : rectIntersection(args);
};

export const screenReaderInstructions = {
  draggable:
    "To move a release, press space or enter to pick it up, the left and right arrow keys to choose an environment, space or enter to drop it, and escape to cancel.",
};

/** What a screen reader hears at each step of a move. */
export function useAnnouncements(
  columns: Column[] | undefined,
  dragging: { card: Card; from: number } | null,
  role: Role,
): Announcements {
  return useMemo(() => {
    const indexOf = (id: string | number) => columns?.findIndex((c) => c.environment.slug === String(id)) ?? -1;
    return {
      onDragStart: ({ active }) =>
        `Picked up release ${active.id}. Use the left and right arrow keys to choose an environment, space to drop, escape to cancel.`,
      onDragOver: ({ active, over }) => {
        if (!over || !columns || !dragging) return `Release ${active.id} is not over an environment.`;
        const to = indexOf(over.id);
        const verdict = verdictFor(columns, dragging.card, dragging.from, to, role);
        const name = columns[to]?.environment.name;
        const why = "reasons" in verdict ? ` ${verdict.reasons.join(". ")}.` : "";
        return {
          same: `${name}: where release ${active.id} is now.`,
          promote: `${name}: drop to promote.`,
          rollback: `${name}: drop to roll back; you will be asked for a reason.`,
          downgrade: `${name}: a newer release is there; drop to roll back to this one, with a reason.`,
          blocked: `${name}: cannot enter yet.${why}`,
          override: `${name}: gates fail; drop to override with a justification.${why}`,
        }[verdict.kind];
      },
      onDragEnd: ({ active, over }) =>
        over
          ? `Release ${active.id} dropped on ${columns?.[indexOf(over.id)]?.environment.name}.`
          : `Release ${active.id} dropped.`,
      onDragCancel: ({ active }) => `Moving release ${active.id} was cancelled.`,
    };
  }, [columns, dragging, role]);
}
