"use client";

import { useId } from "react";
import type { DeployTargetSpec } from "@/server/domain/deploy";
import { TextField as Input, inputClass } from "@/app/_components/form";

type Kind = "none" | "webhook" | "githubWorkflow" | "gitlabPipeline";

/** Every kind's fields kept side by side, so switching kinds back and forth loses nothing. */
export type DeployDraft = {
  kind: Kind;
  url: string;
  repository: string;
  workflow: string;
  project: string;
  ref: string;
  tokenEnv: string;
  timeoutMinutes: string;
};

export const emptyDeployDraft: DeployDraft = {
  kind: "none",
  url: "",
  repository: "",
  workflow: "",
  project: "",
  ref: "main",
  tokenEnv: "",
  timeoutMinutes: "",
};

export function deployToDraft(target: DeployTargetSpec | undefined, timeout: number | undefined): DeployDraft {
  const draft = { ...emptyDeployDraft, timeoutMinutes: timeout === undefined ? "" : String(timeout) };
  if (!target) return draft;
  if ("webhook" in target) return { ...draft, kind: "webhook", url: target.webhook.url };
  if ("githubWorkflow" in target) return { ...draft, kind: "githubWorkflow", ...target.githubWorkflow };
  return { ...draft, kind: "gitlabPipeline", ...target.gitlabPipeline };
}

/** The `deploy` and `deployTimeoutMinutes` keys of the pipeline file, or none. */
export function deployFromDraft(d: DeployDraft): { deploy?: unknown; deployTimeoutMinutes?: number } {
  if (d.kind === "none") return {};
  const timeout = d.timeoutMinutes.trim() === "" ? {} : { deployTimeoutMinutes: Number(d.timeoutMinutes) };
  const deploy =
    d.kind === "webhook"
      ? { webhook: { url: d.url.trim() } }
      : d.kind === "githubWorkflow"
        ? {
            githubWorkflow: {
              repository: d.repository.trim(),
              workflow: d.workflow.trim(),
              ref: d.ref.trim(),
              tokenEnv: d.tokenEnv.trim(),
            },
          }
        : { gitlabPipeline: { project: d.project.trim(), ref: d.ref.trim(), tokenEnv: d.tokenEnv.trim() } };
  return { deploy, ...timeout };
}

const kinds: { value: Kind; name: string }[] = [
  { value: "none", name: "Nothing (moving the card is enough)" },
  { value: "webhook", name: "Signed webhook" },
  { value: "githubWorkflow", name: "GitHub Actions workflow" },
  { value: "gitlabPipeline", name: "GitLab pipeline" },
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
      {draft.kind === "webhook" && (
        <div className="lg:col-span-2">
          <Input
            label="Webhook URL"
            hint="gets a signed deployment.requested event"
            value={draft.url}
            onChange={(url) => set({ url })}
            error={field("webhook", "url")}
          />
        </div>
      )}
      {draft.kind === "githubWorkflow" && (
        <>
          <Input
            label="Repository"
            hint="owner/name"
            value={draft.repository}
            onChange={(repository) => set({ repository })}
            error={field("githubWorkflow", "repository")}
          />
          <Input
            label="Workflow"
            hint="file name, e.g. deploy.yml"
            value={draft.workflow}
            onChange={(workflow) => set({ workflow })}
            error={field("githubWorkflow", "workflow")}
          />
        </>
      )}
      {draft.kind === "gitlabPipeline" && (
        <Input
          label="GitLab project"
          hint="group/project or id"
          value={draft.project}
          onChange={(project) => set({ project })}
          error={field("gitlabPipeline", "project")}
        />
      )}
      {(draft.kind === "githubWorkflow" || draft.kind === "gitlabPipeline") && (
        <>
          <Input
            label="Ref"
            hint="branch or tag the pipeline runs on"
            value={draft.ref}
            onChange={(ref) => set({ ref })}
            error={field(draft.kind, "ref")}
          />
          <Input
            label="Token variable"
            hint="server environment variable holding the token, RELEASEBOARD_DEPLOY_TOKEN_…"
            value={draft.tokenEnv}
            onChange={(tokenEnv) => set({ tokenEnv })}
            error={field(draft.kind, "tokenEnv")}
          />
        </>
      )}
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
