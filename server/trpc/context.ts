import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { actorFromRequest } from "../auth/session";
import { runtime } from "../runtime";

export type TrpcContext = { db: Db; actor: Actor | null };

/** Who is calling: the signed-in person from the session cookie, or nobody. */
export async function createTrpcContext(opts: { headers: Headers }): Promise<TrpcContext> {
  const { db, auth } = runtime();
  return { db, actor: await actorFromRequest(auth, db, opts.headers) };
}
