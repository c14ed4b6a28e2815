import SemVer from "semver/classes/semver";
import semverValid from "semver/functions/valid";

/** What decides which of two releases of a project is newer. */
export type Ordered = { id: number; version: string; createdAt: Date };

// Parsed versions, kept: a board compares each of its releases with every other one (the
// newer-live gate), and parsing dominated a 500-card board. Bounded, so it cannot grow forever.
const parsedVersions = new Map<string, SemVer | null>();
function parsed(version: string): SemVer | null {
  let found = parsedVersions.get(version);
  if (found === undefined) {
    found = semverValid(version) ? new SemVer(version) : null;
    if (parsedVersions.size >= 10_000) parsedVersions.clear();
    parsedVersions.set(version, found);
  }
  return found;
}

/**
 * Semantic-version precedence when both versions are semver (build metadata ignored, as
 * semver says), else creation order. Positive when `a` is newer than `b`.
 */
export function compareReleases(a: Ordered, b: Ordered): number {
  if (a.id === b.id) return 0;
  const semverA = parsed(a.version);
  const semverB = semverA && parsed(b.version);
  if (semverA && semverB) {
    const bySemver = semverA.compare(semverB);
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

/**
 * newestNewerThan over the same candidates for many releases (a board judges each card against what
 * is in its next environment): the newest candidate is found once, and each release is compared with
 * it alone. Exact only where the order is total, so only when every version is semver; else, and for
 * a release among the candidates, each falls back to newestNewerThan.
 */
export function newestNewerIn<T extends Ordered>(candidates: T[]) {
  const allSemver = candidates.every((c) => parsed(c.version) !== null);
  let newest: T | null = null;
  if (allSemver) for (const c of candidates) if (!newest || isNewer(c, newest)) newest = c;
  return (release: Ordered): T | null => {
    if (!newest || parsed(release.version) === null || candidates.some((c) => c.id === release.id))
      return newestNewerThan(
        release,
        candidates.filter((c) => c.id !== release.id),
      );
    return isNewer(newest, release) ? newest : null;
  };
}
