"use client";

import { Button, buttonVariants } from "@/app/_components/ui/button";
import { Table } from "@/app/_components/ui/table";
import { useCursorPages } from "@/app/_components/cursor-pager";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { LogList, LoggedBody, SendAgainButton } from "./log-list";
import { Field } from "@/app/_components/form";
import { LockControl } from "../lock-control";
import { PipelineEditor } from "./pipeline-editor";
import { OutboundLog } from "./outbound-log";
import { NotificationsSection } from "./notifications-section";
import { section, SettingsSection } from "./settings-section";
import { tokenScopeDescriptions, tokenScopes, type TokenScope } from "@/server/domain/permissions";
import { SettingsNav } from "./settings-nav";

const button = buttonVariants({ variant: "primary" });

export function Settings({ project, manages }: { project: string; manages: boolean }) {
  return (
    <div className="grid gap-6 lg:grid-cols-[11rem_minmax(0,1fr)]">
      <SettingsNav manages={manages} />
      <div className="grid min-w-0 gap-6">
        {manages && (
          <>
            <ProjectDetails project={project} />
            <PipelineEditor project={project} />
            <Locks project={project} />
          </>
        )}
        <PipelineFile project={project} />
        <NotificationsSection project={project} />
        {manages ? (
          <>
            <Tokens project={project} />
            <SigningSecret project={project} />
            <Deliveries project={project} />
            <OutboundLog project={project} />
          </>
        ) : (
          <p className="text-sm text-ink-600 dark:text-ink-400">
            The pipeline editor, locks, tokens, the signing secret and the delivery log are for release managers and
            admins.
          </p>
        )}
      </div>
    </div>
  );
}

function ProjectDetails({ project }: { project: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const board = useQuery(trpc.board.board.queryOptions({ project }));
  const [name, setName] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.board.board.queryKey({ project }) }),
      queryClient.invalidateQueries({ queryKey: trpc.board.overview.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.projects.archived.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.settings.pipelineFile.queryKey({ project }) }),
      queryClient.invalidateQueries({ queryKey: trpc.settings.pipeline.queryKey({ project }) }),
    ]);
  const rename = useMutation(
    trpc.projects.rename.mutationOptions({
      onSuccess: async () => {
        toast.success("Project renamed");
        await refresh();
        setName(null);
      },
    }),
  );
  const archive = useMutation(
    trpc.projects.archive.mutationOptions({
      onSuccess: (_, { archived }) => {
        toast.success(archived ? "Project archived" : "Project restored");
        void refresh();
      },
      onError: (error) => toast.error("Not changed", { description: error.message }),
    }),
  );
  if (!board.data)
    return board.isError ? (
      <ErrorState error={board.error} retry={() => board.refetch()} />
    ) : (
      <Skeleton className="h-24" />
    );
  const current = board.data.project;
  const nameError =
    rename.error?.data?.domain?.fields?.find((f) => f.path === "name")?.message ??
    (rename.error ? rename.error.message : undefined);
  return (
    <SettingsSection id="project-details" title="Project">
      <form
        className="mt-3 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate({ project, name: name ?? current.name });
        }}
      >
        <div className="min-w-64">
          <Field
            label="Project name"
            name="project-name"
            value={name ?? current.name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            error={nameError}
          />
        </div>
        <button type="submit" className={button} disabled={rename.isPending || name === null || name === current.name}>
          Rename
        </button>
      </form>
      <p className="mt-1 text-xs text-ink-600 dark:text-ink-400">
        Its address stays /projects/{project}, so CI and links keep working.
      </p>
      <div className="mt-4 border-t border-ink-200 pt-3 dark:border-ink-800">
        {current.archived ? (
          <button
            type="button"
            className={button}
            disabled={archive.isPending}
            onClick={() => archive.mutate({ project, archived: false })}
          >
            Restore project
          </button>
        ) : (
          <Button
            variant="dangerOutline"
            disabled={archive.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Archive ${current.name}? It leaves the overview and its API stops taking releases; its history stays, and you can restore it.`,
                )
              ) {
                archive.mutate({ project, archived: true });
              }
            }}
          >
            Archive project
          </Button>
        )}
      </div>
    </SettingsSection>
  );
}

function Locks({ project }: { project: string }) {
  const trpc = useTRPC();
  const board = useQuery(trpc.board.board.queryOptions({ project }));
  return (
    <SettingsSection id="locks" title="Locks">
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        Nothing is promoted into a locked environment, by people or by auto-promotion, until it is unlocked.
      </p>
      {board.isPending ? (
        <Skeleton className="mt-3 h-20" />
      ) : board.isError ? (
        <ErrorState error={board.error} retry={() => board.refetch()} />
      ) : (
        <ul className="mt-3 grid gap-2 text-sm">
          {board.data.columns.map(({ environment, lock }) => (
            <li key={environment.slug} className="flex flex-wrap items-baseline gap-3">
              <span className="w-32 font-medium">{environment.name}</span>
              <span className="text-ink-600 dark:text-ink-400">
                {lock ? `Locked by ${lock.actorName}: ${lock.reason}` : "Open"}
              </span>
              <LockControl
                project={project}
                environment={environment.slug}
                name={environment.name}
                locked={lock !== null}
              />
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}

function PipelineFile({ project }: { project: string }) {
  const trpc = useTRPC();
  const file = useQuery(trpc.settings.pipelineFile.queryOptions({ project }));
  return (
    <SettingsSection id="pipeline-file" title="Pipeline as code">
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        Save as <code className="font-mono">pipeline.yaml</code>, edit, and apply with{" "}
        <code className="font-mono">npx releaseboard pipeline apply pipeline.yaml</code>.
      </p>
      {file.isPending ? (
        <Skeleton className="mt-3 h-40" />
      ) : file.isError ? (
        <ErrorState error={file.error} retry={() => file.refetch()} />
      ) : (
        <pre
          tabIndex={0}
          aria-label="Pipeline file"
          className="mt-3 max-h-96 overflow-auto rounded-md bg-ink-100 p-3 font-mono text-xs dark:bg-ink-950"
        >
          {file.data}
        </pre>
      )}
    </SettingsSection>
  );
}

function Tokens({ project }: { project: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.settings.tokens.queryOptions({ project }));
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("report");
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.settings.tokens.queryKey({ project }) });
  const create = useMutation(
    trpc.settings.createToken.mutationOptions({
      onSuccess: (result) => {
        setCreated(result.token);
        setName("");
        void refresh();
      },
      onError: (error) =>
        toast.error("Token not created", { description: error.data?.domain?.fields?.[0]?.message ?? error.message }),
    }),
  );
  const revoke = useMutation(trpc.settings.revokeToken.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <SettingsSection id="tokens" title="CI tokens">
      <form
        className="mt-3 flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ project, name, scope });
        }}
      >
        <label className="text-sm">
          <span className="block font-medium">Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="github-actions"
            className="mt-1 rounded-md border border-ink-300 px-2 py-1.5 dark:border-ink-700 dark:bg-ink-950"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Scope</span>
          <select
            value={scope}
            onChange={(e) => setScope(tokenScopes.find((s) => s === e.target.value) ?? "report")}
            className="mt-1 rounded-md border border-ink-300 px-2 py-1.5 dark:border-ink-700 dark:bg-ink-950"
          >
            {tokenScopes.map((s) => (
              <option key={s} value={s}>
                {s}: {tokenScopeDescriptions[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={button} disabled={create.isPending}>
          Create token
        </button>
      </form>
      {created && (
        <div
          role="status"
          className="mt-3 rounded-md border border-success-300 bg-success-50 p-3 text-sm dark:border-success-800 dark:bg-success-950"
        >
          <p className="font-medium">Copy the token now; it is not shown again.</p>
          <code className="mt-1 block break-all font-mono">{created}</code>
        </div>
      )}
      {tokens.isPending ? (
        <Skeleton className="mt-3 h-20" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} retry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="mt-3 text-sm text-ink-600 dark:text-ink-400">
          No tokens yet. CI needs one to create releases and post results.
        </p>
      ) : (
        <Table className="mt-3 w-full text-left text-sm">
          <thead className="text-xs text-ink-600 dark:text-ink-400">
            <tr>
              <th className="py-1">Name</th>
              <th>Scope</th>
              <th>Starts</th>
              <th>Last used</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} className="border-t border-ink-200 dark:border-ink-800">
                <td className="py-1.5">{t.name}</td>
                <td>{t.scope}</td>
                <td className="font-mono text-xs">{t.hint}…</td>
                <td>
                  {t.revokedAt ? "revoked" : t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} suffix /> : "never"}
                </td>
                <td className="text-right">
                  {!t.revokedAt && (
                    <button
                      type="button"
                      className="text-sm text-danger-700 hover:underline dark:text-danger-400"
                      onClick={() => revoke.mutate({ project, id: t.id })}
                    >
                      Revoke {t.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </SettingsSection>
  );
}

function SigningSecret({ project }: { project: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState(false);
  const secret = useQuery({ ...trpc.settings.secret.queryOptions({ project }), enabled: shown });
  const rotate = useMutation(
    trpc.settings.rotateSecret.mutationOptions({
      onSuccess: () => {
        toast.success("Signing secret rotated; the previous one works for 24 hours more.");
        void queryClient.invalidateQueries({ queryKey: trpc.settings.secret.queryKey({ project }) });
      },
    }),
  );
  return (
    <SettingsSection id="secret" title="Webhook signing secret">
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        For Standard Webhooks signatures, and as the secret of GitHub and GitLab webhooks.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        {shown ? (
          <code className="break-all font-mono text-sm">{secret.data ?? "…"}</code>
        ) : (
          <button type="button" className={button} onClick={() => setShown(true)}>
            Show secret
          </button>
        )}
        <Button variant="ghost" onClick={() => rotate.mutate({ project })} disabled={rotate.isPending}>
          Rotate
        </Button>
      </div>
    </SettingsSection>
  );
}

function Deliveries({ project }: { project: string }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<"" | "accepted" | "ignored" | "refused">("");
  const { cursor, pager, reset } = useCursorPages();
  const queryClient = useQueryClient();
  const page = useQuery(trpc.settings.deliveries.queryOptions({ project, outcome: outcome || undefined, cursor }));
  const again = useMutation(
    trpc.settings.redeliver.mutationOptions({
      onSuccess: (result) => {
        const detail = (result.body as { detail?: string } | null)?.detail;
        if (result.status < 300) toast.success(`Sent again: ${result.status}`);
        else toast.error(`Sent again: ${result.status}`, { description: detail });
        void queryClient.invalidateQueries({ queryKey: trpc.settings.deliveries.pathKey() });
      },
      onError: (error) => toast.error("Could not send it again", { description: error.message }),
    }),
  );
  return (
    <section aria-labelledby="deliveries" className={section}>
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="deliveries" className="text-lg font-semibold">
          Delivery log
        </h2>
        <label className="text-sm">
          Show{" "}
          <select
            value={outcome}
            onChange={(e) => {
              setOutcome(e.target.value as typeof outcome);
              reset();
            }}
            className="rounded-md border border-ink-300 px-2 py-1 dark:border-ink-700 dark:bg-ink-950"
          >
            <option value="">all</option>
            <option value="accepted">accepted</option>
            <option value="ignored">ignored</option>
            <option value="refused">refused</option>
          </select>
        </label>
      </div>
      <LogList
        page={page}
        skeleton="mt-3 h-32"
        empty={
          <>
            No deliveries{outcome ? ` ${outcome}` : ""} yet. Requests to this project&apos;s API and webhooks appear
            here.
          </>
        }
        pager={pager}
        render={(d) => (
          <>
            <summary className="cursor-pointer">
              <span
                className={
                  d.outcome === "refused"
                    ? "text-danger-700 dark:text-danger-400"
                    : d.outcome === "ignored"
                      ? "text-warning-700 dark:text-warning-400"
                      : "text-success-700 dark:text-success-400"
                }
              >
                {d.statusCode} {d.outcome}
              </span>{" "}
              {d.method} {d.endpoint}
              {d.event ? ` (${d.event})` : ""} · <RelativeTime date={d.createdAt} suffix />
              {d.sender ? (
                <span className="block text-xs text-ink-600 dark:text-ink-400">
                  from {d.sender}
                  {d.resentBy ? `, sent again by ${d.resentBy}` : ""}
                </span>
              ) : null}
              {d.error ? (
                <span className="block text-xs break-words text-ink-600 [overflow-wrap:anywhere] dark:text-ink-400">
                  {d.error}
                </span>
              ) : null}
            </summary>
            {/* Only what authenticated when it arrived may be run again on a person's authority. */}
            {d.method === "POST" && d.path && d.body !== null && !d.bodyTruncated && d.sender && (
              <SendAgainButton pending={again.isPending} onClick={() => again.mutate({ project, id: d.id })} />
            )}
            <LoggedBody label="Request body">
              {d.body ?? "(no body)"}
              {d.bodyTruncated ? "\n… (truncated)" : ""}
            </LoggedBody>
          </>
        )}
      />
    </section>
  );
}
