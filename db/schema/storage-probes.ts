import { blob, integer, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * Always empty. While writes fail (README: Faults) the server tries one here now and then:
 * a row large enough to need pages of its own, deleted again in the same transaction and
 * committed, so the probe needs what a real write needs (new pages, room in the WAL, the
 * write lock) and leaves nothing behind. Its success is what makes /api/ready say ready again.
 */
export const storageProbes = sqliteTable("storage_probes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  body: blob("body", { mode: "buffer" }).notNull(),
});
