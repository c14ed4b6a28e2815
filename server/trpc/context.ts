import { getDatabase, type Db } from "../../db/client";
import { databasePath } from "../config";
import type { Actor } from "../domain/permissions";

export type TrpcContext = { db: Db; actor: Actor | null };

/**
 * Until accounts land (see the accounts issue), every browser session acts as a
 * read-only guest: it can see boards but every write procedure refuses it.
 */
const guest: Actor = { type: "user", id: "guest", name: "Guest", role: "viewer" };

export function createTrpcContext(_opts: { headers: Headers }): TrpcContext {
  return { db: getDatabase(databasePath()), actor: guest };
}
