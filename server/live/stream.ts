import { z } from "zod";
import type { Db } from "../../db/client";
import { slugSchema } from "../domain/schemas";
import { findProject } from "../engine";
import type { LiveFeed, LiveUpdate } from "./feed";

/** How often an open event stream checks that its session still stands, besides before every event. */
export const sessionRecheckMs = 30_000;

/** What `board.events` takes: the project, and the last event id a reconnecting client saw (tRPC adds Last-Event-ID). */
export const boardEventsInput = z.object({ project: slugSchema, lastEventId: z.string().regex(/^\d+$/).nullish() });

/** What a long-lived stream asks again about the person holding it (server/trpc/context.ts: sessionChecks). */
export type StreamChecks = {
  /** Whether the session still stands (signed out, disabled or expired: no): every `sessionRecheckMs`. */
  stillSignedIn?: () => Promise<boolean>;
  /** Whether the account is still enabled: one index seek, before the first update after any account was disabled. */
  accountActive?: () => Promise<boolean>;
};

/**
 * One person's stream of a project's changes, whichever door it is served by (the tRPC
 * procedure `board.events`, or the stream's own, server/trpc/live-stream.ts): the project is
 * found (NOT_FOUND), the person's streams counted (RATE_LIMITED beyond 20), and the stream
 * ends once the session is gone: a disabled account before the next update, a sign-out or an
 * expiry within 30 s (the full session check runs every 30 s, not per update: 200 viewers of
 * a busy board would otherwise cost a session lookup each per change).
 */
export async function* projectStream(options: {
  db: Db;
  live: LiveFeed;
  project: string;
  lastEventId: string | null | undefined;
  person: string;
  checks: StreamChecks;
  signal?: AbortSignal;
}): AsyncGenerator<LiveUpdate> {
  const { db, live, checks, signal } = options;
  const project = await findProject(db, options.project);
  const after = options.lastEventId ? Number(options.lastEventId) : null;
  const stillSignedIn = checks.stillSignedIn ?? (async () => true);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const recheck = setInterval(
    () =>
      void stillSignedIn().then(
        (ok) => ok || stop.abort(),
        () => stop.abort(),
      ),
    sessionRecheckMs,
  );
  try {
    // Checked when the stream opens (the session was just resolved) and again before the first
    // update after any account is disabled.
    let disabledSeen = live.accountsDisabled;
    for await (const update of live.subscribe(project.id, after, options.person, stop.signal)) {
      if (checks.accountActive && live.accountsDisabled !== disabledSeen) {
        disabledSeen = live.accountsDisabled;
        if (!(await checks.accountActive())) return;
      }
      yield update;
    }
  } finally {
    clearInterval(recheck);
    signal?.removeEventListener("abort", onAbort);
  }
}
