import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { projects } from "../../db/schema";

export function projectExists(db: Db, slug: string): boolean {
  return db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)).get() !== undefined;
}
