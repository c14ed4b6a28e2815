import { first } from "../../db/client";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notificationPreferences, users } from "../../db/schema";
import { roleLabels, type Role } from "../domain/permissions";
import { notifySettingsFrom } from "../engine";

/** What each role hears about by e-mail (README, "Notifications"); chat gets everything the project's channel should. */
export const emailsByRole: Record<Role, string[]> = {
  admin: [],
  release_manager: ["rejections", "failed or unreported deploys"],
  business_owner: ["sign-off requests", "reminders"],
  viewer: [],
};

/** The signed-in person's notification settings (the profile page). */
export async function myNotifications(db: Db, userId: string, role: Role) {
  const row = await first(
    db
      .select({ email: notificationPreferences.email })
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId)),
  );
  return { email: row?.email ?? true, emailConfigured: notifySettingsFrom().emailOn, receives: emailsByRole[role] };
}

/** Hosts only: a chat webhook's path is its secret. */
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return "?";
  }
};

/** Who receives what, for the settings page: e-mail on or off, each active person and their messages. */
export async function notificationOverview(db: Db, chatWebhooks: string[], includePeople: boolean) {
  const people = includePeople
    ? (
        await db
          .select({ name: users.name, email: users.email, role: users.role, preference: notificationPreferences.email })
          .from(users)
          .leftJoin(notificationPreferences, eq(notificationPreferences.userId, users.id))
          .where(and(isNull(users.disabledAt)))
          .orderBy(users.name)
      ).map((p) => ({
        name: p.name,
        email: p.email,
        role: p.role,
        roleLabel: roleLabels[p.role],
        emailOn: p.preference ?? true,
        receives: emailsByRole[p.role],
      }))
    : null;
  return { emailConfigured: notifySettingsFrom().emailOn, chat: chatWebhooks.map(hostOf), people };
}
