import { first } from "../../db/client";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Queryable } from "../../db/client";
import { users } from "../../db/schema";
import type { Actor, Role } from "../domain/permissions";
import type { Auth } from "./auth";

/** The signed-in person behind a request, as an actor for the verbs; null if none. */
export async function actorFromRequest(
  auth: Auth,
  db: Db,
  headers: Headers,
): Promise<(Actor & { type: "user"; email: string; sessionId: string }) | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  // Read the role from the database, not the session cache: a role change applies at once.
  const user = await first(
    db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(and(eq(users.id, session.user.id), isNull(users.disabledAt))),
  );
  return user
    ? {
        type: "user",
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role as Role,
        sessionId: session.session.id,
      }
    : null;
}

export async function hasUsers(db: Queryable): Promise<boolean> {
  return (await first(db.select({ id: users.id }).from(users).limit(1))) !== undefined;
}
