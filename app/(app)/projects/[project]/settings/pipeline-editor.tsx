"use client";

import { buttonVariants } from "@/app/_components/ui/button";
import { Tooltip } from "@/app/_components/ui/tooltip";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { DndContext, closestCorners } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useTRPC } from "@/app/_trpc/client";
import { inputClass } from "@/app/_components/form";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { EnvironmentRow } from "./environment-row";
import { useReorder } from "./use-reorder";
import {
  emptyEnvironment,
  presets,
  small,
  toDraft,
  toFile,
  type DraftEnvironment,
  type PipelineData,
} from "./pipeline-draft";
import { SettingsSection } from "./settings-section";

/**
 * The pipeline editor: environments in order (drag, or the keyboard, to reorder), each
 * policy with the server's verdict beside the field it is about, and presets that set the
 * whole pipeline's promotion policy in one click.
 */
export function PipelineEditor({ project }: { project: string }) {
  const trpc = useTRPC();
  // The editor holds unsaved work: only an explicit save or preset reloads it.
  const pipeline = useQuery({
    ...trpc.settings.pipeline.queryOptions({ project }),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const [version, setVersion] = useState(0);
  return (
    <SettingsSection id="pipeline-editor" title="Pipeline">
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
    </SettingsSection>
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
  const fields = save.error?.data?.domain?.fields ?? [];
  const errorOf = (path: string) => fields.find((f) => f.path === path)?.message;
  const change = (next: DraftEnvironment[]) => {
    setDraft(next);
    setDirty(true);
    save.reset();
  };
  const update = (key: string, patch: Partial<DraftEnvironment>) =>
    change(draft.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  const { sensors, announcements, onDragEnd } = useReorder(draft, change);
  const general =
    save.error && !fields.some((f) => f.path.startsWith("environments.") && f.path.split(".").length > 2)
      ? save.error.message
      : null;

  return (
    <div className="mt-3 grid gap-4">
      <PresetPicker
        project={project}
        current={data.preset}
        dirty={dirty}
        saving={save.isPending}
        onApplied={afterChange}
      />

      <form
        aria-label="Environments"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ project, file: toFile(data.file.name, draft, chat) });
        }}
        className="grid gap-3"
      >
        <DndContext
          sensors={sensors}
          collisionDetection={closestCorners}
          onDragEnd={onDragEnd}
          accessibility={{ announcements }}
        >
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
          <button type="button" className={small} onClick={() => change([...draft, emptyEnvironment()])}>
            + Add environment
          </button>
        </div>
        {general && (
          <p
            role="alert"
            className="rounded-md border border-danger-300 bg-danger-50 p-2 text-sm text-danger-900 dark:border-danger-800 dark:bg-danger-950 dark:text-danger-100"
          >
            {general}
          </p>
        )}
        {fields.length > 0 && !general && (
          <p role="alert" className="text-sm text-danger-700 dark:text-danger-400">
            Not saved: {fields.length} field{fields.length === 1 ? " needs" : "s need"} changing (marked below).
          </p>
        )}
        <div className="flex items-center gap-3">
          <button type="submit" disabled={save.isPending || !dirty} className={buttonVariants({ variant: "primary" })}>
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
          {dirty && <span className="text-xs text-ink-600 dark:text-ink-400">Unsaved changes</span>}
        </div>
      </form>
    </div>
  );
}

/** The project's chat channels: incoming-webhook URLs (Slack, Mattermost, Rocket.Chat), one a line. */
function ChatWebhooks({
  value,
  error,
  onChange,
}: {
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">Chat webhooks</span>
      <span className="text-xs text-ink-600 dark:text-ink-400">
        One incoming-webhook URL a line; sign-off requests, reminders, rejections, failed deploys and go-lives are
        posted there.
      </span>
      <textarea
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        className={`${inputClass} font-mono text-xs`}
        placeholder="https://hooks.slack.com/services/…"
      />
      {error && <span className="text-xs text-danger-700 dark:text-danger-400">{error}</span>}
    </label>
  );
}

/** Presets set every environment's promotion policy in one click, on the server, at once. */
function PresetPicker({
  project,
  current,
  dirty,
  saving,
  onApplied,
}: {
  project: string;
  current: PipelineData["preset"];
  dirty: boolean;
  saving: boolean;
  onApplied: (moved: number) => Promise<void>;
}) {
  const trpc = useTRPC();
  const preset = useMutation(
    trpc.settings.applyPreset.mutationOptions({
      onSuccess: async (result, { preset }) => {
        toast.success(`${presets.find((p) => p.value === preset)!.name} preset applied`);
        await onApplied(result.autoPromoted);
      },
      onError: (error) => toast.error("The preset was not applied", { description: error.message }),
    }),
  );
  const busy = preset.isPending || saving;
  return (
    <fieldset>
      <legend className="text-sm font-medium">Presets</legend>
      <p className="text-xs text-ink-600 dark:text-ink-400">
        Set every environment&apos;s promotion policy in one click; checks, tasks and freezes stay as they are.
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        {presets.map((p) => (
          <Tooltip key={p.value} content={p.description}>
            <button
              type="button"
              aria-pressed={current === p.value}
              disabled={busy}
              onClick={() => {
                if (dirty && !window.confirm("Applying a preset discards your unsaved changes. Go on?")) return;
                preset.mutate({ project, preset: p.value });
              }}
              className={buttonVariants({
                variant: "secondary",
                className:
                  "aria-pressed:border-accent-600 aria-pressed:bg-accent-50 aria-pressed:font-semibold dark:aria-pressed:bg-accent-950",
              })}
            >
              {p.name}
            </button>
          </Tooltip>
        ))}
      </div>
    </fieldset>
  );
}
