import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { actorFromRequest } from "../auth/session";
import type { Auth } from "../auth/auth";
import { isActiveUser } from "../queries/users";
import { runtime } from "../runtime";
import type { LiveFeed } from "../live/feed";
import type { BoardSnapshots } from "../queries/board-snapshots";
import type { LinkSettings } from "../services/one-time-links";

export type TrpcContext = {
  db: Db;
  actor: Actor | null;
  /** The server's live feed and board snapshots (server/runtime.ts): one of each per server, shared by every caller. */
  live: LiveFeed;
  boards: BoardSnapshots;
  /** Whether the caller's session still stands (signed out, disabled or expired: no); long-lived streams ask it again. */
  stillSignedIn?: () => Promise<boolean>;
  /** Whether the caller's account is still enabled: one index seek, asked by a live stream after any account is disabled. */
  accountActive?: () => Promise<boolean>;
  /** The caller's session, which stays signed in when they change their password. */
  sessionId?: string;
  /** Where one-time links point and whether they are e-mailed (server/config.ts). */
  links?: LinkSettings;
};

/** The checks a long-lived stream makes of the person behind `headers` (server/trpc/routers/board.ts). */
export function sessionChecks(
  auth: Auth,
  db: Db,
  headers: Headers,
  actor: Actor | null,
): Pick<TrpcContext, "stillSignedIn" | "accountActive"> {
  return {
    stillSignedIn: async () => (await actorFromRequest(auth, db, headers)) !== null,
    accountActive: async () => actor?.type === "user" && (await isActiveUser(db, actor.id)),
  };
}

/** Who is calling: the signed-in person from the session cookie, or nobody. */
export async function createTrpcContext(opts: { headers: Headers }): Promise<TrpcContext> {
  const { db, auth, live, boards, config } = runtime();
  const actor = await actorFromRequest(auth, db, opts.headers);
  return {
    db,
    live,
    boards,
    actor,
    sessionId: actor?.sessionId,
    links: { baseUrl: config.baseUrl, emailOn: config.mailOn },
    ...sessionChecks(auth, db, opts.headers, actor),
  };
}
