import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { addUser } from "../services/add-user";
import { disableUser } from "../services/disable-user";
import { createAuth } from "./auth";
import { actorFromRequest } from "./session";
import { LoginLimiter } from "./login-limiter";
import { hashPassword, verifyPassword } from "./password";
import { passwordWeakness } from "./password-strength";
import { createFirstAdmin } from "../services/create-first-admin";
import { demoPassword } from "../demo/seed";
import { csrfRefusal } from "../http/csrf";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const admin = userActor("admin");

async function signIn(auth: ReturnType<typeof createAuth>, email: string, password: string) {
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  return { status: response.status, cookie, setCookie: response.headers.get("set-cookie") ?? "" };
}

describe("sessions", () => {
  it("signs in with the right password only, with an HttpOnly SameSite=Lax cookie", async () => {
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: "http://localhost:3000" });
    await addUser({
      ctx: { db: t.db, actor: admin },
      input: { email: "rm@example.com", name: "Rita", role: "release_manager", password: "correct horse" },
    });
    expect((await signIn(auth, "rm@example.com", "wrong horse")).status).toBe(401);
    const unknown = await signIn(auth, "nobody@example.com", "wrong horse");
    expect(unknown.status).toBe(401);
    const ok = await signIn(auth, "RM@example.com".toLowerCase(), "correct horse");
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toMatch(/HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Lax/i);
    expect(ok.setCookie).not.toMatch(/Secure/i);
    const actor = await actorFromRequest(auth, t.db, new Headers({ cookie: ok.cookie! }));
    expect(actor).toMatchObject({ type: "user", name: "Rita", role: "release_manager" });
  });

  it("sets Secure cookies when BASE_URL is https", async () => {
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: "https://releases.example.com" });
    await addUser({
      ctx: { db: t.db, actor: admin },
      input: { email: "a@example.com", name: "A", role: "viewer", password: "correct horse" },
    });
    const response = await auth.handler(
      new Request("https://releases.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://releases.example.com" },
        body: JSON.stringify({ email: "a@example.com", password: "correct horse" }),
      }),
    );
    expect(response.headers.get("set-cookie")).toMatch(/; Secure/i);
  });

  it("ends a disabled user's sessions at once and refuses new ones", async () => {
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: "http://localhost:3000" });
    await addUser({
      ctx: { db: t.db, actor: admin },
      input: { email: "bo@example.com", name: "Bo", role: "business_owner", password: "correct horse" },
    });
    const { cookie } = await signIn(auth, "bo@example.com", "correct horse");
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie: cookie! }))).not.toBeNull();
    expect(
      (await disableUser({ ctx: { db: t.db, actor: admin }, input: { email: "bo@example.com" } })).sessionsEnded,
    ).toBe(1);
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie: cookie! }))).toBeNull();
    expect((await signIn(auth, "bo@example.com", "correct horse")).status).not.toBe(200);
  });

  it("prints nothing that looks like a failure for a refused sign-in (wrong password, disabled account)", async () => {
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: "http://localhost:3000" });
    await addUser({
      ctx: { db: t.db, actor: admin },
      input: {
        email: "bo@example.com",
        name: "Bo",
        role: "business_owner",
        password: "correct horse battery staple 42",
      },
    });
    const printed = [vi.spyOn(console, "warn"), vi.spyOn(console, "error"), vi.spyOn(console, "log")];
    try {
      expect((await signIn(auth, "bo@example.com", "wrong horse")).status).toBe(401);
      await disableUser({ ctx: { db: t.db, actor: admin }, input: { email: "bo@example.com" } });
      expect((await signIn(auth, "bo@example.com", "correct horse battery staple 42")).status).not.toBe(200);
      expect(printed.flatMap((spy) => spy.mock.calls)).toEqual([]);
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });

  it("accepts passwords from 12 to at least 128 characters", async () => {
    const long = randomBytes(96).toString("base64");
    await expect(
      addUser({
        ctx: { db: t.db, actor: admin },
        input: { email: "l@example.com", name: "L", role: "viewer", password: long },
      }),
    ).resolves.toBeTruthy();
    await expect(
      addUser({
        ctx: { db: t.db, actor: admin },
        input: { email: "s@example.com", name: "S", role: "viewer", password: "short horse" },
      }),
    ).rejects.toThrow(/at least 12 characters/);
    await expect(
      addUser({
        ctx: { db: t.db, actor: userActor("release_manager") },
        input: { email: "m@example.com", name: "M", role: "admin", password: "12345678" },
      }),
    ).rejects.toThrow(/may not manage users/);
  });
});

describe("the password rule (issue 22, item 12)", () => {
  it.each([
    ["12345678", /at least 12 characters/],
    ["aaaaaaaa", /at least 12 characters/],
    ["aaaaaaaaaaaa", /repeats characters/],
    ["123456789012", /one of the most common passwords/],
    ["password1234", /too close to one of the most common passwords/],
    ["qwertyuiop12", /too close to one of the most common passwords/],
    ["abcabcabcabc", /repeats a pattern/],
  ])("refuses %s, saying why", async (password, why) => {
    const attempt = addUser({
      ctx: { db: t.db, actor: admin },
      input: { email: "w@example.com", name: "W", role: "viewer", password },
    });
    await expect(attempt).rejects.toThrow(why);
    await expect(
      createFirstAdmin({ ctx: { db: t.db, actor: admin }, input: { email: "f@example.com", name: "F", password } }),
    ).rejects.toThrow(why);
  });

  it("refuses a weak new password on change, with the reason", async () => {
    await addUser({
      ctx: { db: t.db, actor: admin },
      input: { email: "c@example.com", name: "C", role: "viewer", password: "correct horse" },
    });
    const auth = createAuth(t.db, { databasePath: t.file, baseUrl: "http://localhost:3000" });
    const { cookie } = await signIn(auth, "c@example.com", "correct horse");
    const changed = await auth.handler(
      new Request("http://localhost:3000/api/auth/change-password", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", cookie: cookie! },
        body: JSON.stringify({ currentPassword: "correct horse", newPassword: "password1234" }),
      }),
    );
    expect(changed.status).toBe(400);
    expect((await changed.json()) as { message: string }).toMatchObject({
      message: expect.stringMatching(/too close to one of the most common passwords/) as unknown,
    });
    expect((await signIn(auth, "c@example.com", "correct horse")).status).toBe(200);
  });

  it("is met by the demo accounts' password shown on the login page", () => {
    expect(demoPassword.length).toBeGreaterThanOrEqual(12);
    expect(passwordWeakness(demoPassword)).toBeNull();
  });
});

describe("password hashes", () => {
  it("use scrypt at OWASP's minimum cost and verify only the right password", async () => {
    const hash = await hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword({ hash, password: "correct horse" })).toBe(true);
    expect(await verifyPassword({ hash, password: "correct horsE" })).toBe(false);
    expect(hash).not.toBe(await hashPassword("correct horse"));
  });
});

describe("login limiter", () => {
  it("refuses the fourth failure in the window, per address, until it ages out", async () => {
    const limiter = new LoginLimiter(t.db, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.retryAfter("10.0.0.1", 1000 + i)).toBe(0);
      await limiter.recordFailure("10.0.0.1", 1000 + i);
    }
    expect(await limiter.retryAfter("10.0.0.1", 2000)).toBe(59);
    expect(await limiter.retryAfter("10.0.0.2", 2000)).toBe(0);
    expect(await limiter.retryAfter("10.0.0.1", 61_001)).toBe(0);
    // Another instance on the same database counts the same failures.
    expect(await new LoginLimiter(t.db, 3, 60_000).retryAfter("10.0.0.1", 2000)).toBe(59);
  });
});

describe("CSRF", () => {
  const own = "http://localhost:3000";
  const post = (headers: Record<string, string>) =>
    new Request(`${own}/api/trpc/moves.lock`, { method: "POST", headers: { host: "localhost:3000", ...headers } });
  it("refuses a foreign origin, a cross-site fetch and non-JSON bodies", () => {
    expect(csrfRefusal(post({ origin: "https://evil.example", "content-type": "application/json" }), own)).toMatch(
      /cross-origin/,
    );
    expect(csrfRefusal(post({ "sec-fetch-site": "cross-site", "content-type": "application/json" }), own)).toMatch(
      /cross-site/,
    );
    expect(csrfRefusal(post({ origin: own, "content-type": "text/plain" }), own)).toMatch(/application\/json/);
    expect(csrfRefusal(post({ origin: own, "content-type": "application/x-www-form-urlencoded" }), own)).toMatch(
      /application\/json/,
    );
    expect(csrfRefusal(post({ origin: own, "content-type": "application/json" }), own)).toBeNull();
    expect(csrfRefusal(new Request(`${own}/api/trpc/board.projects`), own)).toBeNull();
  });
});
