"use client";

import { Button, IconButton } from "@/app/_components/ui/button";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical } from "lucide-react";
import { TextField as Input } from "@/app/_components/form";
import { DeployTargetFields } from "./deploy-target-fields";
import { FreezeWindows } from "./freeze-windows";
import { ProtectionFields } from "./protection-fields";
import type { DraftEnvironment } from "./pipeline-draft";

/** One environment of the editor: its name, its policy fields, freezes and deploy target. */
export function EnvironmentRow({
  env,
  index,
  holds,
  errorOf,
  update,
  remove,
}: {
  env: DraftEnvironment;
  index: number;
  holds: number;
  errorOf: (path: string) => string | undefined;
  update: (patch: Partial<DraftEnvironment>) => void;
  remove: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: env.key,
  });
  const label = env.name || "New environment";
  const path = (field: string) => `environments.${index}.${field}`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`rounded-lg border border-ink-200 bg-ink-50 p-3 dark:border-ink-800 dark:bg-ink-950/40 ${isDragging ? "relative z-10 shadow-lg" : ""}`}
    >
      <fieldset>
        <legend className="sr-only">{label}</legend>
        <div className="flex flex-wrap items-start gap-3">
          <IconButton
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            label={`Reorder ${label}`}
            size="sm"
            className="mt-6 w-6 cursor-grab touch-none text-ink-500"
          >
            <GripVertical aria-hidden />
          </IconButton>
          <div className="min-w-48 flex-1">
            <Input
              label="Name"
              value={env.name}
              onChange={(name) => update({ name })}
              error={errorOf(path("name"))}
              required
              maxLength={100}
            />
            <p className="mt-1 text-xs text-ink-500">
              {env.slug ? `Address: ${env.slug}` : "New: its address comes from the name"}
            </p>
          </div>
          <label className="mt-6 flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={env.autoPromote}
              onChange={(e) => update({ autoPromote: e.target.checked })}
            />
            Auto-promote into {label}
          </label>
          <div className="ml-auto mt-5">
            <Button
              variant="ghost"
              className="text-danger-700 hover:bg-danger-50 dark:text-danger-400 dark:hover:bg-danger-950"
              disabled={holds > 0}
              title={
                holds > 0 ? `Holds ${holds} release${holds === 1 ? "" : "s"}; move or abandon them first` : undefined
              }
              onClick={remove}
            >
              Remove {label}
            </Button>
            {holds > 0 && (
              <p className="text-xs text-ink-500">
                holds {holds} release{holds === 1 ? "" : "s"}
              </p>
            )}
          </div>
        </div>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <Input
            label="Required checks"
            hint="comma-separated, e.g. unit, build (*); * matches any text"
            value={env.requiredChecks}
            onChange={(requiredChecks) => update({ requiredChecks })}
            error={errorOf(path("requiredChecks"))}
          />
          <Input
            label="Required sign-offs"
            type="number"
            min={0}
            max={20}
            value={env.requiredSignoffs}
            onChange={(requiredSignoffs) => update({ requiredSignoffs })}
            error={errorOf(path("requiredSignoffs"))}
          />
          <Input
            label="Soak minutes"
            hint="time in the previous environment"
            type="number"
            min={0}
            value={env.minSoakMinutes}
            onChange={(minSoakMinutes) => update({ minSoakMinutes })}
            error={errorOf(path("minSoakMinutes"))}
          />
          <Input
            label="Capacity"
            hint="empty for no limit"
            type="number"
            min={1}
            value={env.capacity}
            onChange={(capacity) => update({ capacity })}
            error={errorOf(path("capacity"))}
          />
          <Input
            label="Manual tasks"
            hint="comma-separated"
            value={env.manualTasks}
            onChange={(manualTasks) => update({ manualTasks })}
            error={errorOf(path("manualTasks"))}
          />
          <Input
            label="Sign-off reminder (hours)"
            hint="empty for 24, 0 for none"
            type="number"
            min={0}
            value={env.signoffReminderHours}
            onChange={(signoffReminderHours) => update({ signoffReminderHours })}
            error={errorOf(path("signoffReminderHours"))}
          />
        </div>
        <ProtectionFields env={env} label={label} path={path} errorOf={errorOf} update={update} />
        <FreezeWindows
          windows={env.freezeWindows}
          label={label}
          errorOf={(i, field) => errorOf(path(`freezeWindows.${i}${field ? `.${field}` : ""}`))}
          change={(freezeWindows) => update({ freezeWindows })}
        />
        <DeployTargetFields
          draft={env.deploy}
          label={label}
          errorOf={(field) => errorOf(path(field))}
          change={(deploy) => update({ deploy })}
        />
      </fieldset>
    </li>
  );
}
