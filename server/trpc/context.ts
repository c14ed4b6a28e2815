import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { actorFromRequest } from "../auth/session";
import { runtime } from "../runtime";

export type TrpcContext = {
  db: Db;
  actor: Actor | null;
  /** Whether the caller's session still stands (signed out, disabled or expired: no); long-lived streams ask it again. */
  stillSignedIn?: () => Promise<boolean>;
};

/** Who is calling: the signed-in person from the session cookie, or nobody. */
export async function createTrpcContext(opts: { headers: Headers }): Promise<TrpcContext> {
  const { db, auth } = runtime();
  return {
    db,
    actor: await actorFromRequest(auth, db, opts.headers),
    stillSignedIn: async () => (await actorFromRequest(auth, db, opts.headers)) !== null,
  };
}
