"use client";

import { verdictLine, type Verdict } from "./board-dnd";
import type { Column } from "./board-types";

/**
 * Every reason of the column under the lifted card, carried below the card itself: neither
 * covers the column's header and what it says, and nothing on the board moves to make room.
 */
export function LiftedVerdict({ column, verdict }: { column: Column; verdict: Verdict }) {
  if (verdict.kind === "same") return null;
  const reasons = "reasons" in verdict ? verdict.reasons : [];
  const bad = verdict.kind === "blocked" || verdict.kind === "override";
  return (
    <div
      aria-hidden
      className={`absolute top-full left-0 mt-2 w-full min-w-56 rounded-md px-2 py-1 text-xs shadow-lg ${
        bad
          ? "bg-danger-700 text-white"
          : verdict.kind === "promote"
            ? "bg-success-700 text-white"
            : "bg-warning-600 text-white"
      }`}
    >
      <p className="font-semibold">
        {column.environment.name}:{" "}
        {bad ? (verdict.kind === "override" ? "override needed" : "cannot enter") : verdictLine(verdict).toLowerCase()}
      </p>
      {bad && (
        <ul className="mt-0.5 list-disc pl-4">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
