/** The parts of an environment that the promotion rules read. */
export type PipelineEnvironment = {
  id: number;
  slug: string;
  name: string;
  position: number;
  autoPromote: boolean;
  requiredChecks: string[];
  requiredSignoffs: number;
  minSoakMinutes: number;
  manualTasks: string[];
  /** Null means unlimited. */
  capacity: number | null;
  /** Protected environments (approvals.ts): teams whose release managers may move releases in; none = all. */
  promoters?: string[];
  /** Sign-off rules by team; when any, they replace requiredSignoffs. */
  approvals?: { team: string; count: number }[];
  /** Whoever acted on a release may not approve its entry here. */
  separateDuties?: boolean;
  /** Set when entering deploys something (see deploy.ts); only its presence matters here. */
  deployTarget?: object | null;
};

/** Environments in pipeline order. */
export type Pipeline = PipelineEnvironment[];

export function sortPipeline<T extends { position: number; id: number }>(environments: T[]): T[] {
  return [...environments].sort((a, b) => a.position - b.position || a.id - b.id);
}

export function nextEnvironment<T extends { id: number }>(pipeline: T[], environmentId: number): T | null {
  const index = pipeline.findIndex((e) => e.id === environmentId);
  return index >= 0 ? (pipeline[index + 1] ?? null) : null;
}

export function indexOfEnvironment(pipeline: { id: number }[], environmentId: number): number {
  return pipeline.findIndex((e) => e.id === environmentId);
}
