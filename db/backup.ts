import fs from "node:fs";
import path from "node:path";
import type { Db } from "./client";

/**
 * Copies the live database with SQLite's online backup API (consistent even while the
 * server writes), to a temporary name first and then renamed into place, so FILE is
 * never a half-written copy.
 */
export async function backupDatabase(db: Db, target: string): Promise<{ pages: number }> {
  const final = path.resolve(target);
  fs.mkdirSync(path.dirname(final), { recursive: true });
  const temporary = `${final}.partial-${process.pid}`;
  try {
    const result = await db.$client.backup(temporary);
    fs.renameSync(temporary, final);
    return { pages: result.totalPages };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
