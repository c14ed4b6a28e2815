import { onCommitted, type Queryable } from "../../db/client";

/**
 * In-process "something was committed" signal: db/client.ts calls the listeners after every
 * COMMIT of a write on the database (a verb's own transaction or a group commit); the live
 * feed listens. The database is shared by the server entry and Next's bundles, so are these.
 */
export function onCommit(db: Queryable, listener: () => void): () => void {
  return onCommitted(db, listener);
}
