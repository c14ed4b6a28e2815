import { writeTransaction as writeTx } from "../../db/client";
import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { accounts, auditEvents, invitations, outbox, sessions, users } from "../../db/schema";
import { createTestDb, testContext, type TestDb } from "../testing/test-db";
import { givenPerson } from "../testing/fixtures";
import { hashPassword, verifyPassword } from "../auth/password";
import type { Actor } from "../domain/permissions";
import type { RenderedEmail } from "../domain/notifications";
import { inviteUser } from "./invite-user";
import { acceptInvitation } from "./accept-invitation";
import { resetPassword } from "./reset-password";
import { changePassword } from "./change-password";
import { disableUser } from "./disable-user";
import { setUserRole } from "./set-user-role";
import { enableUser } from "./enable-user";
import { systemActor } from "../domain/permissions";

/** README: People — invitations, resets, roles and disabling, and the rules that keep an admin in charge. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const mailOff = { baseUrl: "https://rb.example.com", emailOn: false };
const mailOn = { baseUrl: "https://rb.example.com", emailOn: true };
const strong = "violet-harbour-tram-42";
const tokenOf = (link: string) => link.split("#")[1]!;
const cli: Actor = { type: "user", id: "cli", name: "releaseboard CLI", role: "admin" };

function givenAdmin(name = "Ada") {
  return givenPerson(testContext(t.db, systemActor), name, "admin");
}

async function session(userId: string, id: string) {
  const now = new Date();
  await writeTx(t.db, async (tx) => {
    await tx
      .insert(sessions)
      .values({
        id,
        token: `digest-${id}`,
        userId,
        expiresAt: new Date(now.getTime() + 86_400_000),
        createdAt: now,
        updatedAt: now,
      });
  });
}
const sessionsOf = async (userId: string) =>
  (await t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId))).map((s) => s.id);
const passwordOf = async (userId: string) =>
  (
    await first(
      t.db
        .select()
        .from(accounts)
        .where(and(eq(accounts.userId, userId), eq(accounts.providerId, "credential"))),
    )
  )?.password ?? "";

describe("inviting", () => {
  it("gives a one-time link whose token is stored only as a digest; accepting makes the account with the role", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    const issued = await inviteUser({
      ctx,
      input: { email: " Ben@Example.com ", role: "release_manager" },
      settings: mailOff,
    });
    expect(issued).toMatchObject({ email: "ben@example.com", emailed: false });
    expect(issued.link).toMatch(/^https:\/\/rb\.example\.com\/welcome#[\w-]{43}$/);
    const token = tokenOf(issued.link);
    expect(JSON.stringify(await t.db.select().from(invitations))).not.toContain(token);
    expect(await t.db.select().from(outbox)).toEqual([]);

    const accepted = await acceptInvitation({ ctx, input: { token, name: "Ben Ode", password: strong } });
    expect(accepted).toEqual({ email: "ben@example.com", kind: "invite" });
    const ben = (await first(t.db.select().from(users).where(eq(users.email, "ben@example.com"))))!;
    expect(ben).toMatchObject({ name: "Ben Ode", role: "release_manager", disabledAt: null });
    expect(await verifyPassword({ hash: await passwordOf(ben.id), password: strong })).toBe(true);
    await expect(acceptInvitation({ ctx, input: { token, name: "Ben", password: strong } })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "This link has expired or was already used: ask an admin for a new one",
    });
    const kinds = await t.db.select({ kind: auditEvents.kind, summary: auditEvents.summary }).from(auditEvents);
    expect(kinds.slice(-2)).toEqual([
      { kind: "user.invited", summary: "Ada invited ben@example.com as release_manager" },
      { kind: "user.created", summary: "Ben Ode <ben@example.com> joined as release_manager, invited by Ada" },
    ]);
  });

  it("e-mails the link through the outbox within the person's limits when e-mail is on", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    const issued = await inviteUser({ ctx, input: { email: "ben@example.com", role: "viewer" }, settings: mailOn });
    expect(issued.emailed).toBe(true);
    const [message] = await t.db.select().from(outbox);
    expect(message).toMatchObject({ kind: "notification.email", recipient: "ben@example.com", projectId: null });
    const email = JSON.parse(message!.payload) as RenderedEmail;
    expect(email.subject).toBe("Ada invited you to Releaseboard");
    expect(email.text).toContain("as a viewer");
    expect(email.text).toContain(issued.link);
    // The eleventh message within an hour waits for the hour to pass, as notifications do.
    for (let i = 0; i < 10; i++)
      await inviteUser({ ctx, input: { email: "ben@example.com", role: "viewer" }, settings: mailOn });
    const last = (await t.db.select().from(outbox)).at(-1)!;
    expect(last.nextAttemptAt.getTime()).toBeGreaterThan(ctx.now!().getTime() + 3_000_000);
  });

  it("a newer invitation replaces the older link, a link expires after a week, and nobody is invited twice", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    const first = await inviteUser({ ctx, input: { email: "ben@example.com", role: "viewer" }, settings: mailOff });
    const second = await inviteUser({ ctx, input: { email: "ben@example.com", role: "viewer" }, settings: mailOff });
    await expect(
      acceptInvitation({ ctx, input: { token: tokenOf(first.link), name: "Ben", password: strong } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    ctx.advance(7 * 24 * 60 + 1);
    await expect(
      acceptInvitation({ ctx, input: { token: tokenOf(second.link), name: "Ben", password: strong } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      inviteUser({ ctx, input: { email: "ada@example.com", role: "viewer" }, settings: mailOff }),
    ).rejects.toThrow("A user with email ada@example.com already exists");
  });

  it("refuses a weak password at accepting, and a non-admin at inviting", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    const issued = await inviteUser({ ctx, input: { email: "ben@example.com", role: "viewer" }, settings: mailOff });
    await expect(
      acceptInvitation({ ctx, input: { token: tokenOf(issued.link), name: "Ben", password: "password1234" } }),
    ).rejects.toMatchObject({ code: "INVALID" });
    await expect(
      acceptInvitation({ ctx, input: { token: tokenOf(issued.link), name: "Ben", password: "short" } }),
    ).rejects.toMatchObject({ code: "INVALID" });
    const { actor: owner } = await givenPerson(testContext(t.db, systemActor), "Ana", "business_owner");
    await expect(
      inviteUser({
        ctx: testContext(t.db, owner),
        input: { email: "cem@example.com", role: "admin" },
        settings: mailOff,
      }),
    ).rejects.toThrow("You may not manage users: a business owner cannot.");
  });
});

describe("resetting a password", () => {
  it("stops the old password and every session at once; the link sets a new one, once", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    const { user: ana } = await givenPerson(ctx, "Ana", "business_owner");
    await session(ana.id, "a1");
    await session(ana.id, "a2");
    const issued = await resetPassword({ ctx, input: { email: "ana@example.com" }, settings: mailOff });
    expect(issued).toMatchObject({ sessionsEnded: 2, emailed: false });
    expect(await sessionsOf(ana.id)).toEqual([]);
    expect(await verifyPassword({ hash: await passwordOf(ana.id), password: "unused-password" })).toBe(false);
    await session(ana.id, "a3");
    expect(await acceptInvitation({ ctx, input: { token: tokenOf(issued.link), password: strong } })).toEqual({
      email: "ana@example.com",
      kind: "reset",
    });
    expect(await verifyPassword({ hash: await passwordOf(ana.id), password: strong })).toBe(true);
    expect(await sessionsOf(ana.id)).toEqual([]);
    expect((await first(t.db.select().from(users).where(eq(users.id, ana.id))))!.name).toBe("Ana");
    await expect(
      acceptInvitation({ ctx, input: { token: tokenOf(issued.link), password: strong } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses one's own reset (the profile changes it) and a disabled person's", async () => {
    const { actor } = await givenAdmin();
    const ctx = testContext(t.db, actor);
    await givenPerson(ctx, "Ana", "viewer");
    await expect(resetPassword({ ctx, input: { email: "ada@example.com" }, settings: mailOff })).rejects.toThrow(
      "You cannot reset your own password: change it on your profile",
    );
    await disableUser({ ctx, input: { email: "ana@example.com" } });
    await expect(resetPassword({ ctx, input: { email: "ana@example.com" }, settings: mailOff })).rejects.toThrow(
      "Ana is disabled: enable them first",
    );
  });
});

describe("an admin stays in charge", () => {
  it("nobody disables or demotes themselves", async () => {
    const { actor } = await givenAdmin();
    await givenAdmin("Bea");
    const ctx = testContext(t.db, actor);
    await expect(disableUser({ ctx, input: { email: "ada@example.com" } })).rejects.toThrow(
      "You cannot disable yourself: another admin can",
    );
    await expect(setUserRole({ ctx, input: { email: "ada@example.com", role: "viewer" } })).rejects.toThrow(
      "You cannot change your own role: another admin can",
    );
  });

  it("the last enabled admin is neither disabled nor demoted, from the CLI either; with two, one may go", async () => {
    await givenAdmin();
    const ctx = testContext(t.db, cli);
    await expect(disableUser({ ctx, input: { email: "ada@example.com" } })).rejects.toThrow(
      "Ada is the last admin: make someone else an admin before you disable them",
    );
    await expect(setUserRole({ ctx, input: { email: "ada@example.com", role: "release_manager" } })).rejects.toThrow(
      "Ada is the last admin: make someone else an admin before you demote them",
    );
    await givenPerson(ctx, "Bea", "viewer");
    await setUserRole({ ctx, input: { email: "bea@example.com", role: "admin" } });
    await disableUser({ ctx, input: { email: "bea@example.com" } });
    // A disabled admin does not count: Ada is still the last one who can act.
    await expect(setUserRole({ ctx, input: { email: "ada@example.com", role: "viewer" } })).rejects.toThrow(
      "last admin",
    );
    await enableUser({ ctx, input: { email: "bea@example.com" } });
    expect((await setUserRole({ ctx, input: { email: "ada@example.com", role: "viewer" } })).role).toBe("viewer");
  });
});

describe("changing one's own password", () => {
  it("asks the current password, follows the rule, ends the other sessions and keeps this one", async () => {
    const { user: ana, actor } = await givenPerson(testContext(t.db, systemActor), "Ana", "viewer");
    const ctx = testContext(t.db, actor);
    await writeTx(t.db, async (tx) => {
      await tx
        .update(accounts)
        .set({ password: await hashPassword(strong) })
        .where(eq(accounts.userId, ana.id));
    });
    await session(ana.id, "here");
    await session(ana.id, "phone");
    await expect(
      changePassword({
        ctx,
        input: { currentPassword: "wrong", newPassword: "tulip-engine-harbour-7" },
        sessionId: "here",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The current password is not right" });
    await expect(
      changePassword({ ctx, input: { currentPassword: strong, newPassword: "password1234" }, sessionId: "here" }),
    ).rejects.toMatchObject({ code: "INVALID" });
    expect(
      await changePassword({
        ctx,
        input: { currentPassword: strong, newPassword: "tulip-engine-harbour-7" },
        sessionId: "here",
      }),
    ).toEqual({ sessionsEnded: 1 });
    expect(await sessionsOf(ana.id)).toEqual(["here"]);
    expect(await verifyPassword({ hash: await passwordOf(ana.id), password: "tulip-engine-harbour-7" })).toBe(true);
    const last = (await t.db.select().from(auditEvents)).at(-1)!;
    expect(last).toMatchObject({
      kind: "user.password_changed",
      summary: "Ana changed their password",
      actorId: ana.id,
    });
  });
});
