import { first } from "../../db/client";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { preparedQuery, type Db } from "../../db/client";
import { users } from "../../db/schema";

export async function listUsers(db: Db) {
  return await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.email));
}

const activeUser = preparedQuery((db) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, sql.placeholder("id")), isNull(users.disabledAt)))
    .prepare(),
);

/** Whether a person's account still stands: one index seek, cheap enough to ask before every live update. */
export async function isActiveUser(db: Db, id: string): Promise<boolean> {
  return (await first(await activeUser(db).execute({ id }))) !== undefined;
}
