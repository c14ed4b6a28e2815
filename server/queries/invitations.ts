import { first } from "../../db/client";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { invitations, users } from "../../db/schema";
import { openLink } from "../engine";

/** What the /welcome page shows for a one-time link: whose it is and what it does; null when it no longer works. */
export async function linkDetails(db: Db, token: string, now = new Date()) {
  if (token.length < 20 || token.length > 100) return null;
  const link = await openLink(db, token, now);
  if (!link) return null;
  const name = link.userId
    ? ((await first(db.select({ name: users.name }).from(users).where(eq(users.id, link.userId))))?.name ?? null)
    : null;
  return { kind: link.kind, email: link.email, name, role: link.role, expiresAt: link.expiresAt };
}

/** Invitations not yet accepted (the People page), soonest to expire first. */
export async function openInvitations(db: Db, now = new Date()) {
  return await db
    .select({
      email: invitations.email,
      role: invitations.role,
      createdByName: invitations.createdByName,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(and(eq(invitations.kind, "invite"), isNull(invitations.usedAt), gt(invitations.expiresAt, now)))
    .orderBy(asc(invitations.expiresAt))
    .limit(500);
}
