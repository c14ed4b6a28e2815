import semverCompare from "semver/functions/compare";
import semverValid from "semver/functions/valid";

/** What decides which of two releases of a project is newer. */
export type Ordered = { id: number; version: string; createdAt: Date };

/**
 * Semantic-version precedence when both versions are semver (build metadata ignored, as
 * semver says), else creation order. Positive when `a` is newer than `b`.
 */
export function compareReleases(a: Ordered, b: Ordered): number {
  if (a.id === b.id) return 0;
  if (semverValid(a.version) && semverValid(b.version)) {
    const bySemver = semverCompare(a.version, b.version);
    if (bySemver !== 0) return bySemver;
    // Same precedence (1.0.0+a and 1.0.0+b): neither is newer.
    return 0;
  }
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

export const isNewer = (a: Ordered, b: Ordered) => compareReleases(a, b) > 0;

/** The newest of `candidates` that is newer than `release`, if any. */
export function newestNewerThan<T extends Ordered>(release: Ordered, candidates: T[]): T | null {
  let newest: T | null = null;
  for (const c of candidates) {
    if (isNewer(c, release) && (!newest || isNewer(c, newest))) newest = c;
  }
  return newest;
}
