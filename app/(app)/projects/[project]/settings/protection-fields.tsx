"use client";

import { TextField as Input } from "@/app/_components/form";
import type { DraftEnvironment } from "./pipeline-draft";

/** The first problem reported on a list field or any of its items ("promoters", "promoters.0", …). */
const firstError = (errorOf: (path: string) => string | undefined, path: string, items = 20) =>
  [
    path,
    ...Array.from({ length: items }, (_, i) => `${path}.${i}`),
    ...Array.from({ length: items }, (_, i) => `${path}.${i}.team`),
  ]
    .map(errorOf)
    .find(Boolean);

/** A protected environment (README: Teams and protected environments): who promotes, who approves, separate duties. */
export function ProtectionFields({
  env,
  label,
  path,
  errorOf,
  update,
}: {
  env: DraftEnvironment;
  label: string;
  path: (field: string) => string;
  errorOf: (path: string) => string | undefined;
  update: (patch: Partial<DraftEnvironment>) => void;
}) {
  return (
    <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      <Input
        label="Promoter teams"
        hint="team slugs, comma-separated; empty: every release manager"
        value={env.promoters}
        onChange={(promoters) => update({ promoters })}
        error={firstError(errorOf, path("promoters"))}
      />
      <Input
        label="Approval rules"
        hint="team:count, e.g. finance:1, product:1; replaces required sign-offs"
        value={env.approvals}
        onChange={(approvals) => update({ approvals })}
        error={firstError(errorOf, path("approvals"))}
      />
      <label className="mt-6 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={env.separateDuties}
          onChange={(e) => update({ separateDuties: e.target.checked })}
        />
        Separate duties into {label}
      </label>
    </div>
  );
}
