import { first } from "../../db/client";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { projectTokens, users } from "../../db/schema";
import type { Actor } from "../domain/permissions";

type StoredActor = { actorType: "user" | "token" | "system"; actorId: string; actorName: string };

/**
 * The actor who asked for something earlier (a scheduled promotion), as they are now: a
 * person's current role, a token's current scope. Null when they can no longer act (a
 * disabled account, a revoked token), so the work runs with today's rights, not those of
 * the day it was asked for.
 */
export async function actorAsNow(tx: Tx, stored: StoredActor, projectId: number): Promise<Actor | null> {
  if (stored.actorType === "user") {
    const user = await first(tx.select().from(users).where(eq(users.id, stored.actorId)));
    if (!user || user.disabledAt) return null;
    return { type: "user", id: user.id, name: user.name, role: user.role };
  }
  if (stored.actorType === "token") {
    const token = await first(
      tx
        .select()
        .from(projectTokens)
        .where(
          and(
            eq(projectTokens.projectId, projectId),
            isNull(projectTokens.revokedAt),
            sql`'token-' || ${projectTokens.id} = ${stored.actorId}`,
          ),
        ),
    );
    return token ? { type: "token", id: stored.actorId, name: token.name, projectId, scope: token.scope } : null;
  }
  return null;
}
