/**
 * Group commit (db/client.ts: `writeGrouped`): the API calls that arrive in one turn of the
 * event loop share one `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint, and each is
 * answered only after that COMMIT — one fsync for many webhooks, and a 2xx still means the
 * write is on disk. A write transaction started outside the group (a tRPC mutation, the
 * scheduler) commits the group first; every commit wakes the live feed (live/commits.ts).
 */
export { writeGrouped } from "../../db/client";
