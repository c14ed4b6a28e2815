"use client";

import { useId } from "react";
import {
  deployTargetKindNames,
  deployTargetKinds,
  deployTargetParts,
  type DeployTargetKind,
  type DeployTargetSpec,
} from "@/server/domain/deploy-targets";
import { TextField as Input, inputClass } from "@/app/_components/form";

type Kind = "none" | DeployTargetKind;

/** Every kind's fields kept side by side, so switching kinds back and forth loses nothing. */
export type DeployDraft = {
  kind: Kind;
  /** By kind, then by field name (server/domain/deploy-targets). */
  values: Record<DeployTargetKind, Record<string, string>>;
  timeoutMinutes: string;
};

const initialValues = Object.fromEntries(
  deployTargetKindNames.map((kind) => [
    kind,
    Object.fromEntries(deployTargetKinds[kind].fields.map((f) => [f.name, f.initial ?? ""])),
  ]),
) as DeployDraft["values"];

export const emptyDeployDraft: DeployDraft = { kind: "none", values: initialValues, timeoutMinutes: "" };

export function deployToDraft(target: DeployTargetSpec | undefined, timeout: number | undefined): DeployDraft {
  const draft = { ...emptyDeployDraft, timeoutMinutes: timeout === undefined ? "" : String(timeout) };
  if (!target) return draft;
  const { kind, spec } = deployTargetParts(target);
  return { ...draft, kind, values: { ...draft.values, [kind]: { ...draft.values[kind], ...spec } } };
}

/** The `deploy` and `deployTimeoutMinutes` keys of the pipeline file, or none. */
export function deployFromDraft(d: DeployDraft): { deploy?: unknown; deployTimeoutMinutes?: number } {
  if (d.kind === "none") return {};
  const timeout = d.timeoutMinutes.trim() === "" ? {} : { deployTimeoutMinutes: Number(d.timeoutMinutes) };
  const values = d.values[d.kind];
  const spec = Object.fromEntries(deployTargetKinds[d.kind].fields.map((f) => [f.name, (values[f.name] ?? "").trim()]));
  return { deploy: { [d.kind]: spec }, ...timeout };
}

const kinds: { value: Kind; name: string }[] = [
  { value: "none", name: "Nothing (moving the card is enough)" },
  ...deployTargetKindNames.map((kind) => ({ value: kind, name: deployTargetKinds[kind].title })),
];

/** The deploy target of one environment: what entering it calls (README, "Deployments"). */
export function DeployTargetFields({
  draft,
  label,
  errorOf,
  change,
}: {
  draft: DeployDraft;
  label: string;
  errorOf: (field: string) => string | undefined;
  change: (draft: DeployDraft) => void;
}) {
  const id = useId();
  const set = (patch: Partial<DeployDraft>) => change({ ...draft, ...patch });
  const kindError = errorOf("deploy");
  const field = (kind: string, name: string) => errorOf(`deploy.${kind}.${name}`);
  return (
    <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {/* Two fifths at 1440: one fifth cut the choice to "Nothing (moving the car" and wrapped the label. */}
      <div className="text-sm lg:col-span-2">
        <label htmlFor={id} className="font-medium whitespace-nowrap">
          Deploy on entering {label}
        </label>
        <select
          id={id}
          className={inputClass}
          value={draft.kind}
          onChange={(e) => set({ kind: e.target.value as Kind })}
          aria-invalid={kindError ? true : undefined}
        >
          {kinds.map((k) => (
            <option key={k.value} value={k.value}>
              {k.name}
            </option>
          ))}
        </select>
        {kindError && <p className="mt-1 text-xs text-danger-700 dark:text-danger-400">{kindError}</p>}
      </div>
      {draft.kind !== "none" &&
        deployTargetKinds[draft.kind].fields.map((f) => {
          const kind = draft.kind as DeployTargetKind;
          const input = (
            <Input
              key={`${kind}.${f.name}`}
              label={f.label}
              hint={f.hint}
              value={draft.values[kind][f.name] ?? ""}
              onChange={(value) =>
                set({ values: { ...draft.values, [kind]: { ...draft.values[kind], [f.name]: value } } })
              }
              error={field(kind, f.name)}
            />
          );
          return f.wide ? (
            <div key={`${kind}.${f.name}`} className="lg:col-span-2">
              {input}
            </div>
          ) : (
            input
          );
        })}
      {draft.kind !== "none" && (
        <Input
          label="Deploy timeout (min)"
          hint="empty for 60"
          type="number"
          min={1}
          value={draft.timeoutMinutes}
          onChange={(timeoutMinutes) => set({ timeoutMinutes })}
          error={errorOf("deployTimeoutMinutes")}
        />
      )}
    </div>
  );
}
