import type { Db } from "../../db/client";

/**
 * Makes the database's storage full, as a full disk would: caps the file at its size now
 * (SQLite's max_page_count, on this connection only) and fills what is left with rows of a
 * scratch table, so any write that needs a page fails with SQLITE_FULL. `free()` lifts the cap.
 */
export function fillTheDisk(db: Db): { free: () => void } {
  const sqlite = db.$client;
  sqlite.exec("create table if not exists filler (b blob)");
  sqlite.pragma(`max_page_count = ${sqlite.pragma("page_count", { simple: true }) as number}`);
  for (const size of [4000, 1000, 250, 60, 10]) {
    try {
      for (;;) sqlite.prepare("insert into filler values (zeroblob(?))").run(size);
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_FULL") throw error;
    }
  }
  return { free: () => sqlite.pragma("max_page_count = 1073741823") };
}
