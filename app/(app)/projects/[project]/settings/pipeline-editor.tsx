"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { toast } from "sonner";
import { format } from "date-fns";
import { DndContext, KeyboardSensor, PointerSensor, closestCorners, useSensor, useSensors, type Announcements, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import type { PipelinePreset } from "@/server/domain/pipeline-presets";
import { useTRPC } from "@/app/_trpc/client";
import { slugFrom } from "@/app/_components/slug";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { Input, inputClass } from "./text-input";
import { DeployTargetFields, deployFromDraft, deployToDraft, emptyDeployDraft, type DeployDraft } from "./deploy-target-fields";

type PipelineData = inferRouterOutputs<AppRouter>["settings"]["pipeline"];
type EnvironmentFile = PipelineData["file"]["environments"][number];

type DraftWindow = { key: string; kind: "weekly" | "once"; days: string[]; from: string; to: string; timeZone: string; reason: string };
type DraftEnvironment = {
  key: string;
  /** Empty for an environment added here; derived from its name on save. */
  slug: string;
  name: string;
  autoPromote: boolean;
  requiredChecks: string;
  requiredSignoffs: string;
  minSoakMinutes: string;
  capacity: string;
  manualTasks: string;
  freezeWindows: DraftWindow[];
  deploy: DeployDraft;
  /** Empty: the default (24 hours). */
  signoffReminderHours: string;
};

const presets: { value: PipelinePreset; name: string; description: string }[] = [
  { value: "continuous-deployment", name: "Continuous deployment", description: "Every environment promotes on its own when its gates pass." },
  { value: "continuous-delivery", name: "Continuous delivery", description: "Promotes on its own up to the last environment, which waits for a sign-off." },
  { value: "manual", name: "Manual", description: "Nothing moves on its own." },
];
const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const input = inputClass;
const small = "rounded-md px-2 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800";

let nextKey = 0;
const newKey = () => `new-${++nextKey}`;
const splitList = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const toNumber = (text: string, empty: number | null) => (text.trim() === "" ? empty : Number(text));
/** One-off windows are edited on the reader's clock and stored as instants. */
const toLocalInput = (iso: string) => format(new Date(iso), "yyyy-MM-dd'T'HH:mm");
const fromLocalInput = (local: string) => {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};

function toDraft(env: EnvironmentFile): DraftEnvironment {
  return {
    key: env.slug,
    slug: env.slug,
    name: env.name,
    autoPromote: env.autoPromote,
    requiredChecks: env.requiredChecks.join(", "),
    requiredSignoffs: String(env.requiredSignoffs),
    minSoakMinutes: String(env.minSoakMinutes),
    capacity: env.capacity === null ? "" : String(env.capacity),
    manualTasks: env.manualTasks.join(", "),
    freezeWindows: env.freezeWindows.map((w) =>
      "weekly" in w
        ? { key: newKey(), kind: "weekly", days: w.weekly, from: w.from, to: w.to, timeZone: w.timeZone, reason: w.reason ?? "" }
        : { key: newKey(), kind: "once", days: [], from: toLocalInput(w.from), to: toLocalInput(w.to), timeZone: "", reason: w.reason ?? "" },
    ),
    deploy: deployToDraft(env.deploy, env.deployTimeoutMinutes),
    signoffReminderHours: env.signoffReminderHours === undefined ? "" : String(env.signoffReminderHours),
  };
}

function toFile(name: string, draft: DraftEnvironment[], chat: string) {
  const taken = new Set(draft.map((e) => e.slug).filter(Boolean));
  const chatUrls = chat.split(/\s+/).filter(Boolean);
  return {
    name,
    ...(chatUrls.length ? { notifications: { chat: chatUrls } } : {}),
    environments: draft.map((e) => {
      let slug = e.slug;
      if (!slug) {
        const base = slugFrom(e.name) || "environment";
        slug = base;
        for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
        taken.add(slug);
      }
      return {
        slug,
        name: e.name.trim(),
        autoPromote: e.autoPromote,
        requiredChecks: splitList(e.requiredChecks),
        requiredSignoffs: toNumber(e.requiredSignoffs, 0),
        minSoakMinutes: toNumber(e.minSoakMinutes, 0),
        manualTasks: splitList(e.manualTasks),
        capacity: toNumber(e.capacity, null),
        freezeWindows: e.freezeWindows.map((w) => {
          const reason = w.reason.trim() ? { reason: w.reason.trim() } : {};
          return w.kind === "weekly"
            ? { weekly: w.days, from: w.from, to: w.to, timeZone: w.timeZone, ...reason }
            : { from: fromLocalInput(w.from), to: fromLocalInput(w.to), ...reason };
        }),
        ...deployFromDraft(e.deploy),
        ...(e.signoffReminderHours.trim() !== "" ? { signoffReminderHours: Number(e.signoffReminderHours) } : {}),
      };
    }),
  };
}

/**
 * The pipeline editor: environments in order (drag, or the keyboard, to reorder), each
 * policy with the server's verdict beside the field it is about, and presets that set the
 * whole pipeline's promotion policy in one click.
 */
export function PipelineEditor({ project }: { project: string }) {
  const trpc = useTRPC();
  // The editor holds unsaved work: only an explicit save or preset reloads it.
  const pipeline = useQuery({ ...trpc.settings.pipeline.queryOptions({ project }), staleTime: Infinity, refetchOnWindowFocus: false });
  const [version, setVersion] = useState(0);
  return (
    <section aria-labelledby="pipeline-editor" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="pipeline-editor" className="text-lg font-semibold">
        Pipeline
      </h2>
      {pipeline.isPending ? (
        <Skeleton className="mt-3 h-64" />
      ) : pipeline.isError ? (
        <ErrorState error={pipeline.error} retry={() => pipeline.refetch()} />
      ) : (
        <EditorForm
          key={version}
          project={project}
          data={pipeline.data}
          reload={async () => {
            await pipeline.refetch();
            setVersion((v) => v + 1);
          }}
        />
      )}
    </section>
  );
}

function EditorForm({ project, data, reload }: { project: string; data: PipelineData; reload: () => Promise<void> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => data.file.environments.map(toDraft));
  const [dirty, setDirty] = useState(false);
  const [chat, setChat] = useState(() => (data.file.notifications?.chat ?? []).join("\n"));
  const afterChange = async (moved: number) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) }),
      queryClient.invalidateQueries({ queryKey: trpc.settings.pipelineFile.queryKey({ project }) }),
    ]);
    if (moved > 0) toast.info(`${moved} release${moved === 1 ? "" : "s"} moved on at once under the new policy.`);
    await reload();
  };
  const save = useMutation(
    trpc.settings.savePipeline.mutationOptions({
      onSuccess: async (result) => {
        toast.success(result.changed ? "Pipeline saved" : "Nothing to save: the pipeline is already like this");
        await afterChange(result.autoPromoted);
      },
    }),
  );
  const preset = useMutation(
    trpc.settings.applyPreset.mutationOptions({
      onSuccess: async (result, { preset }) => {
        toast.success(`${presets.find((p) => p.value === preset)!.name} preset applied`);
        await afterChange(result.autoPromoted);
      },
      onError: (error) => toast.error("The preset was not applied", { description: error.message }),
    }),
  );
  const fields = save.error?.data?.domain?.fields ?? [];
  const errorOf = (path: string) => fields.find((f) => f.path === path)?.message;
  const change = (next: DraftEnvironment[]) => {
    setDraft(next);
    setDirty(true);
    save.reset();
  };
  const update = (key: string, patch: Partial<DraftEnvironment>) => change(draft.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const nameOf = (key: string | number) => draft.find((e) => e.key === key)?.name || "the new environment";
  const positionOf = (key: string | number) => draft.findIndex((e) => e.key === key) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}, position ${positionOf(active.id)} of ${draft.length}.`,
    // Silent while over its own place (as on pick-up), so "Picked up" is what is heard first.
    onDragOver: ({ active, over }) =>
      over?.id === active.id ? undefined : over ? `${nameOf(active.id)} would move to position ${positionOf(over.id)}.` : `${nameOf(active.id)} is not over a position.`,
    onDragEnd: ({ active, over }) => (over ? `${nameOf(active.id)} moved to position ${positionOf(over.id)}.` : `${nameOf(active.id)} put back.`),
    onDragCancel: ({ active }) => `Reordering cancelled; ${nameOf(active.id)} put back.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    change(arrayMove(draft, positionOf(active.id) - 1, positionOf(over.id) - 1));
  };
  const general = save.error && !fields.some((f) => f.path.startsWith("environments.") && f.path.split(".").length > 2) ? save.error.message : null;

  return (
    <div className="mt-3 grid gap-4">
      <fieldset>
        <legend className="text-sm font-medium">Presets</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">Set every environment&apos;s promotion policy in one click; checks, tasks and freezes stay as they are.</p>
        <div className="mt-2 flex flex-wrap gap-2">
          {presets.map((p) => (
            <button
              key={p.value}
              type="button"
              aria-pressed={data.preset === p.value}
              title={p.description}
              disabled={preset.isPending || save.isPending}
              onClick={() => {
                if (dirty && !window.confirm("Applying a preset discards your unsaved changes. Go on?")) return;
                preset.mutate({ project, preset: p.value });
              }}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 aria-pressed:border-indigo-600 aria-pressed:bg-indigo-50 aria-pressed:font-semibold disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800 dark:aria-pressed:bg-indigo-950"
            >
              {p.name}
            </button>
          ))}
        </div>
      </fieldset>

      <form
        aria-label="Environments"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ project, file: toFile(data.file.name, draft, chat) });
        }}
        className="grid gap-3"
      >
        <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd} accessibility={{ announcements }}>
          <SortableContext items={draft.map((e) => e.key)} strategy={verticalListSortingStrategy}>
            <ol className="grid gap-3" aria-label="Environments in pipeline order">
              {draft.map((env, index) => (
                <EnvironmentRow
                  key={env.key}
                  env={env}
                  index={index}
                  holds={env.slug ? (data.occupied[env.slug] ?? 0) : 0}
                  errorOf={errorOf}
                  update={(patch) => update(env.key, patch)}
                  remove={() => change(draft.filter((e) => e.key !== env.key))}
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
        <ChatWebhooks
          value={chat}
          error={fields.find((f) => f.path.startsWith("notifications"))?.message}
          onChange={(next) => {
            setChat(next);
            setDirty(true);
            save.reset();
          }}
        />
        <div>
          <button
            type="button"
            className={small}
            onClick={() =>
              change([
                ...draft,
                { key: newKey(), slug: "", name: "", autoPromote: false, requiredChecks: "", requiredSignoffs: "0", minSoakMinutes: "0", capacity: "", manualTasks: "", freezeWindows: [], deploy: emptyDeployDraft, signoffReminderHours: "" },
              ])
            }
          >
            + Add environment
          </button>
        </div>
        {general && (
          <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
            {general}
          </p>
        )}
        {fields.length > 0 && !general && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Not saved: {fields.length} field{fields.length === 1 ? " needs" : "s need"} changing (marked below).
          </p>
        )}
        <div className="flex items-center gap-3">
          <button type="submit" disabled={save.isPending || !dirty} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">
            {save.isPending ? "Saving…" : "Save pipeline"}
          </button>
          {dirty && (
            <button
              type="button"
              className={small}
              onClick={() => {
                setDraft(data.file.environments.map(toDraft));
                setChat((data.file.notifications?.chat ?? []).join("\n"));
                setDirty(false);
                save.reset();
              }}
            >
              Discard changes
            </button>
          )}
          {dirty && <span className="text-xs text-slate-600 dark:text-slate-400">Unsaved changes</span>}
        </div>
      </form>
    </div>
  );
}

function EnvironmentRow({
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
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: env.key });
  const label = env.name || "New environment";
  const path = (field: string) => `environments.${index}.${field}`;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`rounded-lg border border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-950/40 ${isDragging ? "relative z-10 shadow-lg" : ""}`}
    >
      <fieldset>
        <legend className="sr-only">{label}</legend>
        <div className="flex flex-wrap items-start gap-3">
          <button
            type="button"
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            aria-label={`Reorder ${label}`}
            className="mt-6 cursor-grab touch-none rounded px-1 text-slate-500 hover:bg-slate-200 dark:hover:bg-slate-800"
          >
            ⠿
          </button>
          <div className="min-w-48 flex-1">
            <Input label="Name" value={env.name} onChange={(name) => update({ name })} error={errorOf(path("name"))} required maxLength={100} />
            <p className="mt-1 text-xs text-slate-500">{env.slug ? `Address: ${env.slug}` : "New: its address comes from the name"}</p>
          </div>
          <label className="mt-6 flex items-center gap-2 text-sm">
            <input type="checkbox" checked={env.autoPromote} onChange={(e) => update({ autoPromote: e.target.checked })} />
            Auto-promote into {label}
          </label>
          <div className="ml-auto mt-5">
            <button
              type="button"
              className="rounded-md px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:text-slate-400 disabled:hover:bg-transparent dark:text-red-400 dark:hover:bg-red-950"
              disabled={holds > 0}
              title={holds > 0 ? `Holds ${holds} release${holds === 1 ? "" : "s"}; move or abandon them first` : undefined}
              onClick={remove}
            >
              Remove {label}
            </button>
            {holds > 0 && <p className="text-xs text-slate-500">holds {holds} release{holds === 1 ? "" : "s"}</p>}
          </div>
        </div>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <Input label="Required checks" hint="comma-separated, e.g. unit, lint" value={env.requiredChecks} onChange={(requiredChecks) => update({ requiredChecks })} error={errorOf(path("requiredChecks"))} />
          <Input label="Required sign-offs" type="number" min={0} max={20} value={env.requiredSignoffs} onChange={(requiredSignoffs) => update({ requiredSignoffs })} error={errorOf(path("requiredSignoffs"))} />
          <Input label="Soak minutes" hint="time in the previous environment" type="number" min={0} value={env.minSoakMinutes} onChange={(minSoakMinutes) => update({ minSoakMinutes })} error={errorOf(path("minSoakMinutes"))} />
          <Input label="Capacity" hint="empty for no limit" type="number" min={1} value={env.capacity} onChange={(capacity) => update({ capacity })} error={errorOf(path("capacity"))} />
          <Input label="Manual tasks" hint="comma-separated" value={env.manualTasks} onChange={(manualTasks) => update({ manualTasks })} error={errorOf(path("manualTasks"))} />
          <Input label="Sign-off reminder (hours)" hint="empty for 24, 0 for none" type="number" min={0} value={env.signoffReminderHours} onChange={(signoffReminderHours) => update({ signoffReminderHours })} error={errorOf(path("signoffReminderHours"))} />
        </div>
        <FreezeWindows windows={env.freezeWindows} label={label} errorOf={(i, field) => errorOf(path(`freezeWindows.${i}${field ? `.${field}` : ""}`))} change={(freezeWindows) => update({ freezeWindows })} />
        <DeployTargetFields draft={env.deploy} label={label} errorOf={(field) => errorOf(path(field))} change={(deploy) => update({ deploy })} />
      </fieldset>
    </li>
  );
}

function FreezeWindows({
  windows,
  label,
  errorOf,
  change,
}: {
  windows: DraftWindow[];
  label: string;
  errorOf: (index: number, field?: string) => string | undefined;
  change: (windows: DraftWindow[]) => void;
}) {
  const zones = useMemo(() => ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")], []);
  const localZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const set = (key: string, patch: Partial<DraftWindow>) => change(windows.map((w) => (w.key === key ? { ...w, ...patch } : w)));
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium">Freeze windows of {label}</h3>
      {windows.length === 0 && <p className="text-xs text-slate-500">None: releases may enter at any time.</p>}
      <ul className="mt-2 grid gap-2">
        {windows.map((w, i) => (
          <li key={w.key} className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
            <div className="flex flex-wrap items-end gap-3">
              {w.kind === "weekly" ? (
                <>
                  <fieldset>
                    <legend className="text-sm font-medium">Every</legend>
                    <div className="mt-1 flex gap-2">
                      {weekdays.map((day) => (
                        <label key={day} className="flex items-center gap-1 text-sm">
                          <input
                            type="checkbox"
                            checked={w.days.includes(day)}
                            onChange={(e) => set(w.key, { days: e.target.checked ? weekdays.filter((d) => d === day || w.days.includes(d)) : w.days.filter((d) => d !== day) })}
                          />
                          {day}
                        </label>
                      ))}
                    </div>
                    {errorOf(i, "weekly") && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{errorOf(i, "weekly")}</p>}
                  </fieldset>
                  <Input label="From" type="time" value={w.from} onChange={(from) => set(w.key, { from })} error={errorOf(i, "from")} />
                  <Input label="To" type="time" value={w.to} onChange={(to) => set(w.key, { to })} error={errorOf(i, "to")} />
                  <ZoneSelect zones={zones} value={w.timeZone} onChange={(timeZone) => set(w.key, { timeZone })} error={errorOf(i, "timeZone")} />
                </>
              ) : (
                <>
                  <Input label="From" type="datetime-local" value={w.from} onChange={(from) => set(w.key, { from })} error={errorOf(i, "from")} hint={`your time (${localZone})`} />
                  <Input label="To" type="datetime-local" value={w.to} onChange={(to) => set(w.key, { to })} error={errorOf(i, "to")} />
                </>
              )}
              <Input label="Reason" value={w.reason} onChange={(reason) => set(w.key, { reason })} error={errorOf(i, "reason")} maxLength={500} />
              <button type="button" className={small} onClick={() => change(windows.filter((x) => x.key !== w.key))}>
                Remove freeze
              </button>
            </div>
            {errorOf(i) && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{errorOf(i)}</p>}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className={small}
          onClick={() => change([...windows, { key: newKey(), kind: "weekly", days: ["fri"], from: "15:00", to: "23:59", timeZone: localZone, reason: "" }])}
        >
          + Weekly freeze
        </button>
        <button type="button" className={small} onClick={() => change([...windows, { key: newKey(), kind: "once", days: [], from: "", to: "", timeZone: "", reason: "" }])}>
          + One-off freeze
        </button>
      </div>
    </div>
  );
}

function ZoneSelect({ zones, value, onChange, error }: { zones: string[]; value: string; onChange: (zone: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className="text-sm">
      <label htmlFor={id} className="font-medium">
        Time zone
      </label>
      <select id={id} className={input} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
        {!zones.includes(value) && <option value={value}>{value}</option>}
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      {error && <p className="mt-1 text-xs text-red-700 dark:text-red-400">{error}</p>}
    </div>
  );
}

/** The project's chat channels: incoming-webhook URLs (Slack, Mattermost, Rocket.Chat), one a line. */
function ChatWebhooks({ value, error, onChange }: { value: string; error?: string; onChange: (value: string) => void }) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">Chat webhooks</span>
      <span className="text-xs text-slate-600 dark:text-slate-400">One incoming-webhook URL a line; sign-off requests, reminders, rejections, failed deploys and go-lives are posted there.</span>
      <textarea
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        className={`${input} font-mono text-xs`}
        placeholder="https://hooks.slack.com/services/…"
      />
      {error && <span className="text-xs text-red-700 dark:text-red-400">{error}</span>}
    </label>
  );
}
