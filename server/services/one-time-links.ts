import { first } from "../../db/client";
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, count, eq, gte, isNull, ne } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { invitations, outbox, users, type InvitationKind, type User } from "../../db/schema";
import { outboundRetryWindowMs } from "../domain/deploy";
import { emailLimits, nextEmailSlot } from "../domain/notifications";
import { oneTimeLinkEmail } from "../domain/one-time-links";
import type { Actor, Role } from "../domain/permissions";
import { conflict, forbidden } from "../errors";
import { emailKind, linkDigest } from "../engine";

/** Where links point and whether e-mail goes out (server/config.ts: BASE_URL, SMTP_URL and MAIL_FROM). */
export type LinkSettings = { baseUrl: string; emailOn: boolean };

/** How long a link works (README: People): an invitation for a week, a password reset for a day. */
export const linkLifetimeMs: Record<InvitationKind, number> = { invite: 7 * 24 * 3_600_000, reset: 24 * 3_600_000 };

/** At most this many unused links at once, so a script with an admin's session cannot fill the disk. */
export const maxOpenLinks = 500;

/** What an admin gets back: the link itself (shown when it was not e-mailed), and whether it was. */
export type IssuedLink = { email: string; link: string; emailed: boolean; expiresAt: Date };

/**
 * Stores a new one-time link for `email` (only its digest) and, with e-mail on, queues the message
 * that carries it through the outbox, within the person's hourly e-mail limit. An older unused link
 * of the same kind for the same person stops working.
 */
export async function issueLink(
  tx: Tx,
  a: {
    kind: InvitationKind;
    email: string;
    name: string | null;
    role: Role | null;
    userId: string | null;
    actor: Actor;
    settings: LinkSettings;
    now: Date;
  },
): Promise<IssuedLink> {
  const open = (await first(
    tx
      .select({ n: count() })
      .from(invitations)
      .where(and(isNull(invitations.usedAt), gte(invitations.expiresAt, a.now))),
  ))!.n;
  if (open >= maxOpenLinks)
    throw conflict(`There are already ${maxOpenLinks} unused links; wait for some to be used or to expire`);
  await tx
    .update(invitations)
    .set({ usedAt: a.now })
    .where(and(eq(invitations.email, a.email), eq(invitations.kind, a.kind), isNull(invitations.usedAt)));
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(a.now.getTime() + linkLifetimeMs[a.kind]);
  await tx
    .insert(invitations)
    .values({
      kind: a.kind,
      tokenHash: linkDigest(token),
      email: a.email,
      role: a.role,
      userId: a.userId,
      createdByName: a.actor.name,
      expiresAt,
      createdAt: a.now,
    });
  const link = `${a.settings.baseUrl}/welcome#${token}`;
  if (a.settings.emailOn) await queueLinkEmail(tx, a, link, expiresAt);
  return { email: a.email, link, emailed: a.settings.emailOn, expiresAt };
}

async function queueLinkEmail(
  tx: Tx,
  a: { kind: InvitationKind; email: string; name: string | null; role: Role | null; actor: Actor; now: Date },
  link: string,
  expiresAt: Date,
) {
  const lastHour = (
    await tx
      .select({ createdAt: outbox.createdAt })
      .from(outbox)
      .where(and(eq(outbox.recipient, a.email), gte(outbox.createdAt, new Date(a.now.getTime() - emailLimits.hourMs))))
      .orderBy(asc(outbox.createdAt), asc(outbox.id))
  ).map((m) => m.createdAt);
  const at = nextEmailSlot(a.now, null, lastHour);
  const email = oneTimeLinkEmail({ kind: a.kind, by: a.actor.name, role: a.role, link, expiresAt });
  await tx
    .insert(outbox)
    .values({
      projectId: null,
      kind: emailKind,
      messageId: `msg_${randomUUID()}`,
      target: { email: a.name ? { to: a.email, name: a.name } : { to: a.email } },
      payload: JSON.stringify(email),
      recipient: a.email,
      nextAttemptAt: at,
      retryUntil: new Date(at.getTime() + outboundRetryWindowMs),
      createdAt: a.now,
    });
}

/**
 * The rules every change to who may act as an admin obeys (README: People): nobody disables,
 * demotes or resets themselves here (the profile changes one's own password), and the last
 * enabled admin stays one.
 */
export async function guardAdminChange(
  tx: Tx,
  actor: Actor,
  target: User,
  change: "disable" | "demote" | "role" | "reset",
) {
  if (actor.type === "user" && actor.id === target.id) {
    const what = {
      disable: "disable yourself",
      demote: "change your own role",
      role: "change your own role",
      reset: "reset your own password",
    };
    const instead = change === "reset" ? "change it on your profile" : "another admin can";
    throw forbidden(`You cannot ${what[change]}: ${instead}`);
  }
  if (change === "reset" || change === "role" || target.role !== "admin" || target.disabledAt) return;
  const others = (await first(
    tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt), ne(users.id, target.id))),
  ))!.n;
  if (others === 0)
    throw conflict(
      `${target.name} is the last admin: make someone else an admin before you ${change === "disable" ? "disable" : "demote"} them`,
    );
}
