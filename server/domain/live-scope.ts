/**
 * Which open views a live update concerns (README: Live updates), so a page refetches what it
 * shows and nothing else: a result for 1.4 refreshes the board and 1.4's page, not 1.3's page
 * nor the sign-off inbox. Kinds are the audit log's (db/schema/audit-events.ts).
 */
export type LiveChange = { kind: string; version: string | null };

/** Changes that alter nothing a board, a release page or the inbox shows. */
const unseen = new Set([
  "token.created",
  "token.revoked",
  "secret.rotated",
  "outbound.resent",
  "user.created",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "user.invited",
  "user.password_reset",
  "user.password_changed",
  "user.notifications_changed",
]);

/**
 * Changes that can alter any release's gates, not only their own release's: a move (the
 * newer-live gate, capacity), a lock, a policy. Everything else concerns the release it names.
 */
const projectWide = new Set([
  "release.created",
  "release.moved",
  "environment.locked",
  "environment.unlocked",
  "pipeline.changed",
  "project.changed",
]);

/** What can change who is waiting for whose sign-off: a release arriving or leaving, a sign-off, a policy. */
const signoffWaiting = new Set([
  "release.created",
  "release.moved",
  "signoff.recorded",
  "pipeline.changed",
  "project.changed",
]);

export type LiveScope = {
  board: boolean;
  /** "all": every release page of the project; else the versions whose page is concerned. */
  releases: "all" | Set<string>;
  inbox: boolean;
};

/** `truncated`: the update is not every change (the viewer fell behind): everything is concerned. */
export function liveScope(changes: readonly LiveChange[], truncated = false): LiveScope {
  if (truncated) return { board: true, releases: "all", inbox: true };
  const seen = changes.filter((c) => !unseen.has(c.kind));
  const versions = new Set<string>();
  let all = false;
  for (const change of seen) {
    if (projectWide.has(change.kind) || change.version === null) all = true;
    else versions.add(change.version);
  }
  return {
    board: seen.length > 0,
    releases: all ? "all" : versions,
    inbox: seen.some((c) => signoffWaiting.has(c.kind)),
  };
}
