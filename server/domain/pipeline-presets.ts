import type { PipelineFile } from "./pipeline-file";

export const pipelinePresets = ["continuous-deployment", "continuous-delivery", "manual"] as const;
export type PipelinePreset = (typeof pipelinePresets)[number];

export const presetLabels: Record<PipelinePreset, { name: string; description: string }> = {
  "continuous-deployment": { name: "Continuous deployment", description: "Every environment pulls a release forward as soon as its gates pass." },
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
          return { ...env, autoPromote: true };
        case "manual":
          return { ...env, autoPromote: false };
        case "continuous-delivery":
          return i === last ? { ...env, autoPromote: false, requiredSignoffs: Math.max(1, env.requiredSignoffs) } : { ...env, autoPromote: true };
      }
    }),
  };
}

/** Which preset a pipeline matches now, if any, so the editor can say so. */
export function presetOf(file: PipelineFile): PipelinePreset | null {
  return pipelinePresets.find((p) => JSON.stringify(withPreset(file, p)) === JSON.stringify(file)) ?? null;
}
