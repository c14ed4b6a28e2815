"use client";

import { useState } from "react";

/** Newer/Older paging by cursor: the stack of cursors seen, the current one last. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(number | null)[]>([null]);
  return {
    cursor: cursors.at(-1) ?? null,
    /** Back to the newest page, e.g. when a filter changes. */
    reset: () => setCursors([null]),
    pager: (nextCursor: number | null | undefined) => (
      <div className="mt-3 flex gap-3">
        {cursors.length > 1 && (
          <button type="button" className="text-sm underline" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
        )}
        {nextCursor != null && (
          <button type="button" className="text-sm underline" onClick={() => setCursors([...cursors, nextCursor])}>
            Older
          </button>
        )}
      </div>
    ),
  };
}
