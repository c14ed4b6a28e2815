import type { PipelineFile } from "./pipeline-file";

export const pipelinePresets = ["continuous-deployment", "continuous-delivery", "manual"] as const;
export type PipelinePreset = (typeof pipelinePresets)[number];

export const presetLabels: Record<PipelinePreset, { name: string; description: string }> = {
  "continuous-deployment": {
    name: "Continuous deployment",
    description: "Every environment pulls a release forward as soon as its gates pass.",
  },
  "continuous-delivery": {
    name: "Continuous delivery",
    description: "Releases flow on their own up to the last environment, which waits for a person's sign-off.",
  },
  manual: { name: "Manual", description: "Nothing moves on its own; people promote every release." },
};

/**
 * The pipeline with a preset's promotion policy. Only auto-promotion and the last
 * environment's sign-offs change: checks, tasks, soak, capacity and freezes stay, since
 * they say what "ready" means, not who decides.
 */
export function withPreset(file: PipelineFile, preset: PipelinePreset): PipelineFile {
  const last = file.environments.length - 1;
  return {
    ...file,
    environments: file.environments.map((env, i) => {
      switch (preset) {
        case "continuous-deployment":
          // No person in the loop: the last environment's sign-offs go too.
          if (i !== last) return { ...env, autoPromote: true };
          {
            const { approvals: _rules, ...rest } = env;
            return { ...rest, autoPromote: true, requiredSignoffs: 0 };
          }
        case "manual":
          return { ...env, autoPromote: false };
        case "continuous-delivery":
          // Approval rules, when there are any, are already a human decision.
          return i === last
            ? {
                ...env,
                autoPromote: false,
                requiredSignoffs: env.approvals?.length ? env.requiredSignoffs : Math.max(1, env.requiredSignoffs),
              }
            : { ...env, autoPromote: true };
      }
    }),
  };
}

/**
 * Which preset a pipeline follows now, if any, by what it means rather than by its exact
 * flags: the first environment's auto-promotion means nothing (nothing comes before it),
 * and a last environment that auto-promotes once people approved is still continuous
 * delivery, since the last step is a human decision.
 */
export function presetOf(file: PipelineFile): PipelinePreset | null {
  const envs = file.environments;
  const last = envs.at(-1);
  if (!last) return null;
  const between = envs.slice(1, -1);
  const lastIsAHumanDecision = last.requiredSignoffs > 0 || (last.approvals ?? []).length > 0;
  if (envs.length > 1 && envs.slice(1).every((e) => !e.autoPromote)) return "manual";
  if (between.every((e) => e.autoPromote) && lastIsAHumanDecision) return "continuous-delivery";
  if (envs.slice(1).every((e) => e.autoPromote) && !lastIsAHumanDecision) return "continuous-deployment";
  return null;
}
