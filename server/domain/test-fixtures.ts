import type { PipelineEnvironment } from "./policy";

/** The fixed "now" of the domain tests, and times relative to it. */
export const now = new Date("2026-06-01T12:00:00Z");
export const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

/** An environment with no policy but what the test gives it. */
export const env = (id: number, name: string, policy: Partial<PipelineEnvironment> = {}): PipelineEnvironment => ({
  id,
  slug: name.toLowerCase(),
  name,
  position: id,
  autoPromote: false,
  requiredChecks: [],
  requiredSignoffs: 0,
  minSoakMinutes: 0,
  manualTasks: [],
  capacity: null,
  ...policy,
});
