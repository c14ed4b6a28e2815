"use client";

import {
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import type { DraftEnvironment } from "./pipeline-draft";

/** Reordering environments by pointer or keyboard, with what a screen reader hears at each step. */
export function useReorder(draft: DraftEnvironment[], change: (next: DraftEnvironment[]) => void) {
  const sensors = useSensors(
    useSensor(PointerSensor),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const nameOf = (key: string | number) => draft.find((e) => e.key === key)?.name || "the new environment";
  const positionOf = (key: string | number) => draft.findIndex((e) => e.key === key) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf(active.id)}, position ${positionOf(active.id)} of ${draft.length}.`,
    // Silent while over its own place (as on pick-up), so "Picked up" is what is heard first.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? `${nameOf(active.id)} would move to position ${positionOf(over.id)}.`
          : `${nameOf(active.id)} is not over a position.`,
    onDragEnd: ({ active, over }) =>
      over ? `${nameOf(active.id)} moved to position ${positionOf(over.id)}.` : `${nameOf(active.id)} put back.`,
    onDragCancel: ({ active }) => `Reordering cancelled; ${nameOf(active.id)} put back.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    change(arrayMove(draft, positionOf(active.id) - 1, positionOf(over.id) - 1));
  };
  return { sensors, announcements, onDragEnd };
}
